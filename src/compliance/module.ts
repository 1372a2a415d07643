import type { Route } from '../http/server';
import type { Models } from '../store/models';
import { complianceRoutes } from './routes';

/** Compliance as the composition root sees it. */
export interface Compliance {
  readonly routes: readonly Route[];
}

export interface ComplianceDeps {
  readonly models: Models;
  /** The time zone dates are shown and days are counted in (TIME_ZONE). */
  readonly timeZone: string;
  readonly now: () => Date;
}

/** Who has signed what: the overview, who is outstanding, the evidence pack and the exports. */
export function createCompliance(deps: ComplianceDeps): Compliance {
  return { routes: complianceRoutes(deps) };
}
