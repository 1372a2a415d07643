import type { Route } from '../http/server';
import type { Models } from '../store/models';
import { privacyRoutes } from './routes';

/** The privacy capability as the composition root sees it. */
export interface Privacy {
  readonly routes: readonly Route[];
}

export interface PrivacyDeps {
  readonly models: Models;
  readonly now: () => Date;
  readonly timeZone: string;
}

/** What Conduct holds about people: the subject-access export. */
export function createPrivacy(deps: PrivacyDeps): Privacy {
  return { routes: privacyRoutes(deps) };
}
