import { Toast, ToastBody, ToastTitle, Toaster, useId, useToastController } from '@fluentui/react-components';
import { createContext, useCallback, useContext, type ReactNode } from 'react';

type Notify = (intent: 'success' | 'error' | 'info', title: string, body?: string) => void;

const Context = createContext<Notify>(() => undefined);

/** Short confirmations ("Reminder queued") and failures of actions, announced politely to screen readers. */
export function NotifyProvider({ children }: { children: ReactNode }) {
  const toasterId = useId('toaster');
  const { dispatchToast } = useToastController(toasterId);
  const notify = useCallback<Notify>(
    (intent, title, body) =>
      dispatchToast(
        <Toast>
          <ToastTitle>{title}</ToastTitle>
          {body ? <ToastBody>{body}</ToastBody> : null}
        </Toast>,
        { intent, timeout: intent === 'error' ? 8_000 : 4_000 },
      ),
    [dispatchToast],
  );
  return (
    <Context.Provider value={notify}>
      {children}
      <Toaster toasterId={toasterId} position="bottom-end" />
    </Context.Provider>
  );
}

export const useNotify = (): Notify => useContext(Context);
