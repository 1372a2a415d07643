import type { Activity } from 'botbuilder';
import { AppError } from '../src/errors';

export interface GuardOptions {
  /** The one tenant this installation serves; absent only in local development. */
  tenantId: string | undefined;
  trustedServiceUrls: readonly string[];
}

/** The tenant an activity comes from, as Teams states it. */
export function activityTenant(activity: Partial<Activity>): string | undefined {
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const fromChannel = typeof channelData?.tenant?.id === 'string' ? channelData.tenant.id : undefined;
  return activity.conversation?.tenantId ?? fromChannel;
}

/**
 * Closes two holes the SDK leaves open: it accepts any tenant and trusts any serviceUrl
 * (where replies, and so people's data, would be sent).
 */
export function assertTrustedActivity(activity: Partial<Activity>, options: GuardOptions): void {
  const serviceUrl = activity.serviceUrl ?? '';
  if (!options.trustedServiceUrls.some((prefix) => serviceUrl.startsWith(prefix))) {
    throw new AppError('forbidden', 'This activity comes from a service Conduct does not trust.');
  }
  const tenant = activityTenant(activity);
  if (options.tenantId !== undefined && tenant !== options.tenantId) {
    throw new AppError('forbidden', 'This activity comes from another organisation.');
  }
}
