import { before, unset } from '../store/filters';
import type { Models } from '../store/models';

/**
 * The Bot Framework conversation reference of a person's 1:1 chat with Conduct. The bot (from an
 * install event or a message) and the Graph reach flow both store this same shape.
 */
export interface StoredConversation {
  /** The conversation id, e.g. "a:1…" from the bot or "19:…@unq.gbl.spaces" from Graph. */
  readonly id: string;
  readonly serviceUrl: string;
  readonly tenantId: string;
  /** The bot's id in the conversation, "28:<app id>". */
  readonly botId?: string | undefined;
  readonly channelId: 'msteams';
  readonly storedAt: Date;
}

/**
 * Stores the conversation unless the person already has one stored later (a reference from the
 * bot may race one from Graph; the newer wins, the older never overwrites it). Clears any recorded
 * failure to reach them. Returns false when nothing was stored (newer reference, or no such person).
 */
export async function storeConversation(
  models: Pick<Models, 'Person'>,
  person: { tenantId: string; entraObjectId: string },
  conversation: StoredConversation,
): Promise<boolean> {
  const result = await models.Person.updateOne(
    {
      tenantId: person.tenantId,
      entraObjectId: person.entraObjectId,
      $or: [{ conversation: unset() }, { 'conversation.storedAt': before(conversation.storedAt) }],
    },
    { $set: { conversation: { ...conversation } }, $unset: { reachFailure: 1 } },
  );
  return result.modifiedCount === 1;
}

/** Records why Conduct could not reach the person, for the IT manager to see. */
export async function recordReachFailure(
  models: Pick<Models, 'Person'>,
  person: { tenantId: string; entraObjectId: string },
  failure: { reason: string; status: number; at: Date },
): Promise<void> {
  await models.Person.updateOne(
    { tenantId: person.tenantId, entraObjectId: person.entraObjectId },
    { $set: { reachFailure: failure } },
  );
}

/** The stored conversation as the senders use it, from a person document. */
export function conversationOf(person: {
  conversation?: {
    id: string;
    serviceUrl: string;
    tenantId: string;
    botId?: string | null;
    storedAt: Date;
  } | null;
}): StoredConversation | undefined {
  const stored = person.conversation;
  if (!stored) return undefined;
  return {
    id: stored.id,
    serviceUrl: stored.serviceUrl,
    tenantId: stored.tenantId,
    botId: stored.botId ?? undefined,
    channelId: 'msteams',
    storedAt: stored.storedAt,
  };
}
