import type { Activity } from 'botbuilder';
import { AppError } from '../src/errors';

export interface GuardOptions {
  /** The one tenant this installation serves; absent only in local development. */
  tenantId: string | undefined;
  trustedServiceUrls: readonly string[];
}

function statedTenants(activity: Partial<Activity>): { conversation?: string; channel?: string } {
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const channel = typeof channelData?.tenant?.id === 'string' ? channelData.tenant.id : undefined;
  const conversation =
    typeof activity.conversation?.tenantId === 'string' ? activity.conversation.tenantId : undefined;
  return { conversation, channel };
}

/** The tenant an activity comes from, as Teams states it (the guard has checked both fields agree). */
export function activityTenant(activity: Partial<Activity>): string | undefined {
  const { conversation, channel } = statedTenants(activity);
  return conversation ?? channel;
}

/** Trusted prefixes end in "/" (config checks it); Teams' serviceUrls may or may not. */
export function isTrustedServiceUrl(serviceUrl: string, trusted: readonly string[]): boolean {
  const withSlash = serviceUrl.endsWith('/') ? serviceUrl : `${serviceUrl}/`;
  return trusted.some((prefix) => withSlash.startsWith(prefix));
}

/**
 * Closes two holes the SDK leaves open: it accepts any tenant and trusts any serviceUrl
 * (where replies, and so people's data, would be sent).
 */
export function assertTrustedActivity(activity: Partial<Activity>, options: GuardOptions): void {
  if (!isTrustedServiceUrl(activity.serviceUrl ?? '', options.trustedServiceUrls)) {
    throw new AppError('forbidden', 'This activity comes from a service Conduct does not trust.');
  }
  const { conversation, channel } = statedTenants(activity);
  if (conversation !== undefined && channel !== undefined && conversation !== channel) {
    throw new AppError('forbidden', 'This activity names two different organisations.');
  }
  const tenant = activityTenant(activity);
  if (options.tenantId !== undefined && tenant !== options.tenantId) {
    throw new AppError('forbidden', 'This activity comes from another organisation.');
  }
}
