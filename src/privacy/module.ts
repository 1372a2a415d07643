import type { Route } from '../http/server';
import type { Logger } from '../logger';
import type { Models } from '../store/models';
import { privacyRoutes } from './routes';
import { prepareSubjectLookups } from './subject-access';

/** The privacy capability as the composition root sees it. */
export interface Privacy {
  readonly routes: readonly Route[];
}

export interface PrivacyDeps {
  readonly models: Models;
  readonly now: () => Date;
  readonly timeZone: string;
  readonly logger: Logger;
}

/**
 * What Conduct holds about people: the subject-access export. On the embedded database it starts
 * making the indexes the export's lookups search (`prepareSubjectLookups`), in the background; should
 * that fail (the connection closed at shutdown), it says so in the log, and an export's first lookup
 * of a field makes its index.
 */
export function createPrivacy(deps: PrivacyDeps): Privacy {
  void prepareSubjectLookups(deps.models).catch((error: unknown) =>
    deps.logger.warn(
      { component: 'privacy', err: error },
      "the subject-access export's lookup indexes were not made at start; the first export makes them",
    ),
  );
  return { routes: privacyRoutes(deps) };
}
