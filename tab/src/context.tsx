import { createContext, useContext, type ReactNode } from 'react';
import type { Api } from './api/client';
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
