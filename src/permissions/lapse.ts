import { z } from 'zod';
import { checkedPayload } from '../jobs/payload';
import type { JobScheduler } from '../jobs/scheduler';
import { objectId } from '../shared/input';
import { addDays } from '../shared/time';
import { aboutRequest, auditPermission } from './audit';
import type { PermissionDeps } from './deps';
import type { PermissionRequest } from './model';
import { findKind } from './settings';
import { tellRequester } from './tell';
import { viewOne } from './views';

export const remindJob = 'permission.remind';
export const expireJob = 'permission.expire';

const aboutRequestJob = z.object({ tenantId: z.string().min(1).max(100), requestId: objectId });

/**
 * An approval with an end: the holder is reminded `remindDaysBefore` days before (if that is still
 * to come) and the approval lapses at the end of its last day. Each job re-reads the request, so a
 * late or repeated run does no harm.
 */
export async function scheduleLapse(
  deps: Pick<PermissionDeps, 'jobs' | 'store' | 'now' | 'timeZone'>,
  request: PermissionRequest,
): Promise<void> {
  if (!request.endsAt) return;
  const data = { tenantId: request.tenantId, requestId: request._id.toString() };
  const kind = await findKind(deps, request.tenantId, request.kind);
  const remindAt = addDays(request.endsAt, -(kind?.remindDaysBefore ?? 7), deps.timeZone);
  if (remindAt.getTime() > deps.now().getTime()) await deps.jobs.at(remindAt, remindJob, data, data);
  await deps.jobs.at(request.endsAt, expireJob, data, data);
}

export function definePermissionJobs(jobs: Pick<JobScheduler, 'define'>, deps: PermissionDeps): void {
  jobs.define(
    remindJob,
    checkedPayload(remindJob, aboutRequestJob, async ({ tenantId, requestId }) => {
      const request = await deps.store.markReminded(tenantId, requestId, deps.now());
      if (!request) return;
      await tellRequester(deps, request, {
        kind: 'ending-soon',
        request: await viewOne(deps.models, request),
      });
    }),
  );
  jobs.define(
    expireJob,
    checkedPayload(expireJob, aboutRequestJob, async ({ tenantId, requestId }) => {
      const now = deps.now();
      const found = await deps.store.find(tenantId, requestId);
      // A job run early (a clock moved, a rescheduled end) leaves the approval alone.
      if (!found?.endsAt || found.endsAt.getTime() > now.getTime()) return;
      const request = await deps.store.expire(tenantId, requestId, now);
      if (!request) return;
      await auditPermission(deps.models, {
        tenantId,
        action: 'permission.expired',
        ...aboutRequest(request),
        at: now,
      });
      await tellRequester(deps, request, { kind: 'expired', request: await viewOne(deps.models, request) });
    }),
  );
}
