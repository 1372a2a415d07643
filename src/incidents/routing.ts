import type { Types } from 'mongoose';
import { conversationOf, type Role, roleHolders, roleLabel, type StoredConversation } from '../directory';
import type { Models } from '../store/models';
import type { IncidentMessage, IncidentNotifier } from './messages';

export interface RoutingDeps {
  readonly models: Pick<Models, 'RoleAssignment' | 'Person'>;
  readonly notifier: IncidentNotifier;
  /** A Teams channel told instead of the role holders (never of restricted reports). */
  readonly channel: StoredConversation | undefined;
}

/** How telling people went: how many were told, and how many hold the role but cannot be reached. */
export interface Delivery {
  readonly sent: number;
  readonly unreachable: number;
  readonly failed: number;
  readonly viaChannel: boolean;
}

/** Sends the message to everyone holding the roles (or to the channel, when allowed). */
export async function tellRoles(
  deps: RoutingDeps,
  target: {
    tenantId: string;
    roles: readonly Role[];
    schoolId: Types.ObjectId | undefined | null;
    restricted: boolean;
  },
  message: IncidentMessage,
  options: { channelAllowed: boolean },
): Promise<Delivery> {
  if (deps.channel && options.channelAllowed && !target.restricted) {
    const outcome = await deps.notifier.send(deps.channel, message);
    return {
      sent: outcome.status === 'sent' ? 1 : 0,
      unreachable: 0,
      failed: outcome.status === 'sent' ? 0 : 1,
      viaChannel: true,
    };
  }
  const holders = await roleHolders(deps.models, target.tenantId, target.roles, target.schoolId);
  let sent = 0;
  let unreachable = 0;
  let failed = 0;
  for (const holder of holders) {
    const conversation = conversationOf(holder);
    if (!conversation) {
      unreachable += 1;
      continue;
    }
    const outcome = await deps.notifier.send(conversation, message);
    if (outcome.status === 'sent') sent += 1;
    else failed += 1;
  }
  return { sent, unreachable, failed, viaChannel: false };
}

/** A line for the timeline: who was told, by role ("Online safety officer") and in counts only. */
export function describeDelivery(roles: readonly Role[], delivery: Delivery): string {
  if (delivery.viaChannel)
    return delivery.sent ? 'posted to the incidents channel' : 'the incidents channel could not be reached';
  const who = roles.map(roleLabel).join(', ');
  const parts = [`${delivery.sent} told`];
  if (delivery.unreachable) parts.push(`${delivery.unreachable} not reachable in Teams`);
  if (delivery.failed) parts.push(`${delivery.failed} could not be sent to`);
  return `${who}: ${parts.join(', ')}`;
}
