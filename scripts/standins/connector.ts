import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One activity the bot sent, as the connector received it. */
export interface ReceivedActivity {
  readonly id: string;
  readonly conversationId: string;
  /** "post" (proactive or reply) or "update" (PUT of an earlier activity). */
  readonly kind: 'post' | 'update';
  readonly replyToId?: string;
  readonly activity: Record<string, unknown>;
  readonly at: number;
}

export interface ThrottleRules {
  /** Sends per second for the whole tenant (a sliding one-second window). 0: no limit. */
  tenantPerSecond: number;
  /** Teams' per-conversation limits: [count, window in ms]. */
  perConversation: readonly (readonly [number, number])[];
  /** Share (0–1) of otherwise accepted requests answered 429 anyway, as a busy Teams does. */
  randomThrottleShare: number;
  /** Retry-After seconds sent with a 429; undefined sends none (Teams may omit it). */
  retryAfterSeconds: number | undefined;
}

/** Teams' documented per-bot-per-conversation limits. */
export const teamsConversationLimits: ThrottleRules['perConversation'] = [
  [7, 1_000],
  [8, 2_000],
  [60, 30_000],
  [1_800, 3_600_000],
];

export interface ConnectorStandIn {
  readonly url: string;
  readonly received: ReceivedActivity[];
  /** Requests answered 429 because a limit was exceeded or by the random share. */
  readonly throttled: { at: number; conversationId: string; reason: 'limit' | 'random' }[];
  rules: ThrottleRules;
  /** Conversations whose user blocked the bot: every send answers 403. */
  blocked: Set<string>;
  /** The next `times` sends (to `conversationId`, or any) answer `status`. */
  failNext(status: number, times: number, conversationId?: string, retryAfterSeconds?: number): void;
  /** From now on every request is held without an answer (to crash a sender mid-send); never recorded. */
  hang(): void;
  /** Once `count` activities have been accepted, hold every later request (see hang). */
  hangAfter(count: number): void;
  /** Answers again: held requests are dropped (their senders never hear back), new ones are served. */
  resume(): void;
  /** Requests held without an answer right now. */
  readonly heldCount: number;
  /** Cards (Adaptive Card contents) sent to a conversation, in order. */
  cardsFor(conversationId: string): Record<string, unknown>[];
  waitForCount(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const defaultRules: ThrottleRules = {
  tenantPerSecond: 0,
  perConversation: teamsConversationLimits,
  randomThrottleShare: 0,
  retryAfterSeconds: 1,
};

/**
 * A local stand-in for the Bot Connector service on 127.0.0.1: it speaks the v3 REST shape the
 * bot uses, records what it receives, and answers as Teams does when limits are exceeded.
 */
export async function startConnectorStandIn(rules: Partial<ThrottleRules> = {}): Promise<ConnectorStandIn> {
  const received: ReceivedActivity[] = [];
  const throttled: ConnectorStandIn['throttled'] = [];
  const accepted: { at: number; conversationId: string }[] = [];
  const failures: {
    status: number;
    remaining: number;
    conversationId?: string;
    retryAfterSeconds?: number;
  }[] = [];
  const held: ServerResponse[] = [];
  let hanging = false;
  let hangAt = Number.POSITIVE_INFINITY;
  const state = { rules: { ...defaultRules, ...rules }, blocked: new Set<string>() };

  const overLimit = (conversationId: string, now: number): boolean => {
    const { tenantPerSecond, perConversation } = state.rules;
    if (tenantPerSecond > 0 && accepted.filter((a) => now - a.at < 1_000).length >= tenantPerSecond)
      return true;
    return perConversation.some(
      ([count, windowMs]) =>
        accepted.filter((a) => a.conversationId === conversationId && now - a.at < windowMs).length >= count,
    );
  };

  const answer = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  const throttle = (res: ServerResponse, conversationId: string, reason: 'limit' | 'random'): void => {
    throttled.push({ at: Date.now(), conversationId, reason });
    const retryAfter = state.rules.retryAfterSeconds;
    answer(
      res,
      429,
      { error: { code: 'TooManyRequests' } },
      retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) },
    );
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(req.url ?? '');
    if (!match || (req.method !== 'POST' && req.method !== 'PUT')) {
      answer(res, 404, { error: { code: 'NotFound' } });
      return;
    }
    const body = await readBody(req);
    if (received.length >= hangAt) hanging = true;
    if (hanging) {
      held.push(res);
      return;
    }
    const conversationId = decodeURIComponent(match[1]!);
    const activityId = match[2] ? decodeURIComponent(match[2]) : undefined;
    const now = Date.now();
    const failure = failures.find(
      (f) => f.remaining > 0 && (!f.conversationId || f.conversationId === conversationId),
    );
    if (failure) {
      failure.remaining -= 1;
      const headers: Record<string, string> =
        failure.retryAfterSeconds === undefined ? {} : { 'retry-after': String(failure.retryAfterSeconds) };
      answer(res, failure.status, { error: { code: `Status${failure.status}` } }, headers);
      return;
    }
    if (state.blocked.has(conversationId)) {
      answer(res, 403, { error: { code: 'BotDisabledByAdmin', message: 'The bot is blocked by the user' } });
      return;
    }
    if (overLimit(conversationId, now)) return throttle(res, conversationId, 'limit');
    if (state.rules.randomThrottleShare > 0 && Math.random() < state.rules.randomThrottleShare) {
      return throttle(res, conversationId, 'random');
    }
    accepted.push({ at: now, conversationId });
    const id = req.method === 'PUT' && activityId ? activityId : randomUUID();
    received.push({
      id,
      conversationId,
      kind: req.method === 'PUT' ? 'update' : 'post',
      ...(req.method === 'POST' && activityId ? { replyToId: activityId } : {}),
      activity: body,
      at: now,
    });
    answer(res, req.method === 'PUT' ? 200 : 201, { id });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => answer(res, 500, { error: { code: 'StandInFailure' } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    received,
    throttled,
    get rules() {
      return state.rules;
    },
    set rules(value) {
      state.rules = value;
    },
    blocked: state.blocked,
    failNext: (status, times, conversationId, retryAfterSeconds) => {
      failures.push({
        status,
        remaining: times,
        ...(conversationId ? { conversationId } : {}),
        ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
      });
    },
    hang: () => {
      hanging = true;
    },
    hangAfter: (count) => {
      hangAt = count;
    },
    resume: () => {
      hanging = false;
      hangAt = Number.POSITIVE_INFINITY;
      for (const res of held.splice(0)) res.destroy();
    },
    get heldCount() {
      return held.length;
    },
    cardsFor: (conversationId) =>
      received
        .filter((r) => r.conversationId === conversationId)
        .flatMap((r) =>
          ((r.activity.attachments as { content?: unknown }[] | undefined) ?? []).map((a) => a.content),
        )
        .filter(
          (content): content is Record<string, unknown> => typeof content === 'object' && content !== null,
        ),
    waitForCount: async (count, timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline)
          throw new Error(`connector received ${received.length} of ${count} activities`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: async () => {
      for (const res of held.splice(0)) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
