import type { StoredConversation } from '../src/directory/conversations';
import type { Logger } from '../src/logger';
import { createLocalPacer, type Pacer } from '../src/store/rate-budget';
import type { SendOutcome } from '../src/notifications/outcome';
import type { Connector, ConnectorReply } from './connector';
import { isTrustedServiceUrl } from './guard';

export type { SendOutcome };

/** A message of one Adaptive Card; `summary` is what a notification preview shows (never personal detail). */
export const cardMessage = (content: unknown, summary?: string): Record<string, unknown> => ({
  ...(summary === undefined ? {} : { summary }),
  attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content }],
});

/**
 * A capability's notifier that sends each message as one Adaptive Card through the messenger: `card`
 * draws it, `summary` is what a notification preview shows (never personal detail).
 */
export function cardNotifier<Message>(
  messenger: Pick<Messenger, 'send'>,
  card: (message: Message) => unknown,
  summary: (message: Message) => string,
): { send(conversation: StoredConversation, message: Message): Promise<SendOutcome> } {
  return {
    send: (conversation, message) =>
      messenger.send(conversation, cardMessage(card(message), summary(message))),
  };
}

/** Sends proactive messages within Teams' limits; the one way Conduct speaks first. */
export interface Messenger {
  send(conversation: StoredConversation, activity: Record<string, unknown>): Promise<SendOutcome>;
  update(
    conversation: StoredConversation,
    activityId: string,
    activity: Record<string, unknown>,
  ): Promise<SendOutcome>;
}

export interface MessengerOptions {
  connector: Connector;
  logger: Logger;
  /** Sends per second for the tenant, spread evenly. */
  ratePerSecond: number;
  /** The tenant's send budget shared by every instance; without it this process paces alone. */
  pacer?: Pacer;
  maxAttempts: number;
  trustedServiceUrls: readonly string[];
  /** First back-off step; doubles each attempt, with full jitter, up to maxBackoffMs. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** Statuses Teams documents as worth retrying; everything else is final. */
const retryable = new Set([412, 429, 502, 503, 504]);

export function createMessenger(options: MessengerOptions): Messenger {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const baseBackoffMs = options.baseBackoffMs ?? 1_000;
  const maxBackoffMs = options.maxBackoffMs ?? 60_000;
  const pacer = options.pacer ?? createLocalPacer(options.ratePerSecond);
  let pausedUntil = 0;
  const log = options.logger.child({ component: 'messenger' });

  const backoff = (attempt: number): number =>
    Math.round(random() * Math.min(maxBackoffMs, baseBackoffMs * 2 ** (attempt - 1)));

  const deliver = async (
    conversation: StoredConversation,
    call: () => Promise<ConnectorReply>,
  ): Promise<SendOutcome> => {
    if (!isTrustedServiceUrl(conversation.serviceUrl, options.trustedServiceUrls)) {
      return {
        status: 'failed',
        error: 'the stored conversation points at a service Conduct does not trust',
        attempts: 0,
      };
    }
    let last: ConnectorReply = { status: 0 };
    let attempt = 0;
    while (attempt < options.maxAttempts) {
      attempt += 1;
      while (Date.now() < pausedUntil) await sleep(pausedUntil - Date.now());
      await pacer.take();
      const started = Date.now();
      last = await call();
      log.debug({ status: last.status, attempt, ms: Date.now() - started }, 'proactive message answered');
      if (last.status >= 200 && last.status < 300) {
        return { status: 'sent', activityId: last.activityId, attempts: attempt };
      }
      if (last.status === 403) return { status: 'blocked', error: blockedReason(last), attempts: attempt };
      if (!retryable.has(last.status) || attempt === options.maxAttempts) break;
      const wait = Math.max(last.retryAfterMs ?? 0, backoff(attempt));
      if (last.status === 429) {
        // Teams throttles the whole app: everyone waits, not just this conversation.
        pausedUntil = Math.max(pausedUntil, Date.now() + wait);
        await pacer.pause(pausedUntil);
        log.warn({ waitMs: wait }, 'throttled by Teams: pausing all sending');
      } else {
        await sleep(wait);
      }
    }
    return { status: 'failed', error: last.error ?? `status ${last.status}`, attempts: attempt };
  };

  return {
    send: (conversation, activity) =>
      deliver(conversation, () => options.connector.post(conversation, activity)),
    update: (conversation, activityId, activity) =>
      deliver(conversation, () => options.connector.update(conversation, activityId, activity)),
  };
}

function blockedReason(reply: ConnectorReply): string {
  return `The person has blocked or removed Conduct in Teams (${reply.error ?? '403'})`;
}
