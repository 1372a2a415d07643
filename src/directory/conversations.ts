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
