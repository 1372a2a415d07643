import { Button, FluentProvider, Spinner, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useState, type ReactNode } from 'react';
import { ApiError, createApi, type Api } from './api/client';
import type { Me } from './api/types';
import { browserSession, teamsSession, type Session } from './host/session';
import { callbackPath, completeSignIn, forgetToken, SignInError, type SignInConfig } from './host/sign-in';
import { detectTeams, type HostTheme } from './host/teams';
import { browserTheme, themes } from './theme';
import { setSchoolTimeZone } from './format';

export interface ReadyProps {
  api: Api;
  me: Me;
  host: 'teams' | 'browser';
}

type BootState =
  | { phase: 'starting' }
  | { phase: 'failed'; title: string; message: string; retry: 'reload' | 'sign-in' }
  | ({ phase: 'ready' } & ReadyProps);

const useStyles = makeStyles({
  root: { minHeight: '100vh', backgroundColor: tokens.colorNeutralBackground3 },
  centre: {
    minHeight: '100vh',
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    padding: tokens.spacingHorizontalXXL,
  },
  panel: {
    maxWidth: '32rem',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalXXL,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusXLarge,
    boxShadow: tokens.shadow16,
  },
});

/** Finds out where the tab runs, signs the person in, loads who they are, then renders the app. */
export function Boot({ render }: { render: (props: ReadyProps) => ReactNode }) {
  const styles = useStyles();
  const [theme, setTheme] = useState<HostTheme>(browserTheme);
  const [state, setState] = useState<BootState>({ phase: 'starting' });
  useEffect(() => {
    start(setTheme).then(setState, (error: unknown) => setState(failure(error)));
  }, []);
  return (
    // The page's background sits on a div inside the provider, not on the provider: Fluent copies the
    // provider's classes onto the layer it mounts toasts, menus and dialogs in, which covers the page.
    <FluentProvider theme={themes[theme]}>
      <div className={styles.root}>
        {state.phase === 'ready' ? (
          render(state)
        ) : (
          <main className={styles.centre}>
            {state.phase === 'starting' ? (
              <Spinner label="Opening Conduct…" labelPosition="below" />
            ) : (
              <div className={styles.panel} role="alert">
                <Text as="h1" size={600} weight="semibold">
                  {state.title}
                </Text>
                <Text>{state.message}</Text>
                <div>
                  <Button
                    appearance="primary"
                    onClick={() => {
                      if (state.retry === 'sign-in') forgetToken();
                      location.assign(state.retry === 'sign-in' ? '/tab/' : location.href);
                    }}
                  >
                    {state.retry === 'sign-in' ? 'Sign in again' : 'Try again'}
                  </Button>
                </div>
              </div>
            )}
          </main>
        )}
      </div>
    </FluentProvider>
  );
}

async function start(setTheme: (theme: HostTheme) => void): Promise<BootState> {
  const session = await openSession(setTheme);
  if (!session) {
    return {
      phase: 'failed',
      title: 'Sign-in is not set up',
      message:
        'This Conduct server does not yet say how to sign in outside Teams. Open Conduct in Teams, or ask your IT manager.',
      retry: 'reload',
    };
  }
  const api = createApi(session);
  const me = await api.get<Me>('/api/me');
  setSchoolTimeZone(me.timeZone);
  return { phase: 'ready', api, me, host: session.kind };
}

async function openSession(setTheme: (theme: HostTheme) => void): Promise<Session | undefined> {
  const teams = await detectTeams();
  if (teams) {
    setTheme(teams.theme);
    teams.onThemeChange(setTheme);
    if (teams.subPageId) history.replaceState(null, '', `/tab/${teams.subPageId.replace(/^\/+/, '')}`);
    return teamsSession(teams);
  }
  const media = window.matchMedia('(prefers-color-scheme: dark)');
  media.addEventListener('change', () => setTheme(browserTheme()));
  const response = await fetch('/api/tab-config').catch(() => undefined);
  if (!response?.ok)
    throw new ApiError(0, 'unreachable', 'Conduct did not answer. Check your connection and try again.');
  const { signIn } = (await response.json()) as { signIn: SignInConfig | null };
  if (!signIn) return undefined;
  if (location.pathname === callbackPath) {
    const returnTo = await completeSignIn(signIn);
    history.replaceState(null, '', returnTo.startsWith(callbackPath) ? '/tab/' : returnTo);
  }
  return browserSession(signIn);
}

function failure(error: unknown): BootState {
  if (error instanceof SignInError)
    return { phase: 'failed', title: 'You are not signed in', message: error.message, retry: 'sign-in' };
  if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
    return {
      phase: 'failed',
      title: 'Conduct cannot let you in',
      message: error.message,
      retry: error.status === 401 ? 'sign-in' : 'reload',
    };
  }
  const message = error instanceof ApiError ? error.message : 'Something went wrong while opening Conduct.';
  return { phase: 'failed', title: 'Conduct could not open', message, retry: 'reload' };
}
