import { forgetToken, startSignIn, storedToken, type SignInConfig } from './sign-in';
import type { TeamsHost } from './teams';

/** How the tab obtains an access token for Conduct's API, in Teams or in a browser. */
export interface Session {
  readonly kind: 'teams' | 'browser';
  token: () => Promise<string>;
  /** After a 401: a fresh token from Teams, or a new sign-in in the browser (which leaves the page). */
  renew: () => Promise<string>;
}

export function teamsSession(teams: TeamsHost): Session {
  return { kind: 'teams', token: () => teams.token(), renew: () => teams.token() };
}

export function browserSession(config: SignInConfig): Session {
  const signIn = (): Promise<never> => startSignIn(config, `${location.pathname}${location.search}`);
  return {
    kind: 'browser',
    token: () => {
      const token = storedToken();
      return token ? Promise.resolve(token) : signIn();
    },
    renew: () => {
      forgetToken();
      return signIn();
    },
  };
}
