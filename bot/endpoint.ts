import type { Activity, CloudAdapter } from 'botbuilder';
import type { Route } from '../src/http/server';
import { assertTrustedActivity, type GuardOptions } from './guard';
import { dispatch, type DispatchDeps } from './dispatch';

/**
 * POST /api/messages, where Teams delivers activities. The guard runs before the adapter so that
 * nothing — not even an error reply — is sent to a serviceUrl or tenant we do not trust.
 */
export function botEndpoint(adapter: CloudAdapter, guard: GuardOptions, deps: DispatchDeps): Route {
  return {
    method: 'post',
    path: '/api/messages',
    access: 'public',
    handle: async (req, res) => {
      assertTrustedActivity((req.body ?? {}) as Partial<Activity>, guard);
      await adapter.process(req, res, (context) => dispatch(context, deps));
    },
  };
}
