import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { ApiError, type Api } from './api/client';
import type { Me, Role } from './api/types';

export interface AppContext {
  readonly api: Api;
  readonly me: Me;
  readonly host: 'teams' | 'browser';
}

const Context = createContext<AppContext | undefined>(undefined);

export function AppProvider({ value, children }: { value: AppContext; children: ReactNode }) {
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useApp(): AppContext {
  const value = useContext(Context);
  if (!value) throw new Error('useApp outside AppProvider');
  return value;
}

/** True when the signed-in person holds one of the roles (for any school or the trust). */
export function useHolds(roles: readonly Role[]): boolean {
  const { me } = useApp();
  return me.roles.some((held) => roles.includes(held.role));
}

export interface Resource<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

/** Loads an API resource; a new path (or reload) loads it again. Null: nothing to load yet. */
export function useResource<T>(path: string | null): Resource<T> {
  const { api } = useApp();
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({
    loading: path !== null,
  });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (path === null) return undefined;
    const abort = new AbortController();
    setState((previous) => ({ ...previous, loading: true, error: undefined }));
    api.get<T>(path, abort.signal).then(
      (data) => setState({ data, loading: false }),
      (error: unknown) => {
        if (abort.signal.aborted) return;
        setState({ loading: false, error: asApiError(error) });
      },
    );
    return () => abort.abort();
  }, [api, path, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

export const asApiError = (error: unknown): ApiError =>
  error instanceof ApiError
    ? error
    : new ApiError(0, 'unknown', 'Something went wrong in the tab. Reload it and try again.');
