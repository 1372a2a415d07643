import { lazyMsalClient } from '../src/shared/msal';
import type { StoredConversation } from '../src/directory/conversations';

/** A reply from the Bot Connector service, reduced to what the sender decides on. */
export interface ConnectorReply {
  status: number;
  activityId?: string;
  /** Milliseconds the service asked us to wait (Retry-After), when it said. */
  retryAfterMs?: number;
  error?: string;
}

/** Posts activities to a conversation through the Bot Connector REST API (v3). */
export interface Connector {
  post(conversation: StoredConversation, activity: Record<string, unknown>): Promise<ConnectorReply>;
  update(
    conversation: StoredConversation,
    activityId: string,
    activity: Record<string, unknown>,
  ): Promise<ConnectorReply>;
}

export interface ConnectorOptions {
  appId: string | undefined;
  appPassword: string | undefined;
  tenantId: string | undefined;
  authorityHost: string;
  timeoutMs?: number;
}

const botFrameworkScope = 'https://api.botframework.com/.default';

/**
 * Outbound calls are made here rather than through the SDK's ConnectorClient, which retries 429s
 * and 5xx by itself: Conduct must see every throttle to pause all sending (Teams' rule).
 */
export function createConnector(options: ConnectorOptions): Connector {
  const token = tokenSource(options);
  const call = async (method: 'POST' | 'PUT', url: string, body: unknown): Promise<ConnectorReply> => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const bearer = await token();
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
    } catch (error) {
      return {
        status: 503,
        error: `connector unreachable: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    const text = await response.text();
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    if (!response.ok) {
      return {
        status: response.status,
        error: `${response.status} ${text.slice(0, 200)}`.trim(),
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      };
    }
    const id = safeId(text);
    return { status: response.status, ...(id ? { activityId: id } : {}) };
  };
  const base = (conversation: StoredConversation): string =>
    `${conversation.serviceUrl.replace(/\/+$/, '')}/v3/conversations/${encodeURIComponent(conversation.id)}/activities`;
  return {
    post: (conversation, activity) => call('POST', base(conversation), addressed(conversation, activity)),
    update: (conversation, activityId, activity) =>
      call('PUT', `${base(conversation)}/${encodeURIComponent(activityId)}`, {
        ...addressed(conversation, activity),
        id: activityId,
      }),
  };
}

function addressed(
  conversation: StoredConversation,
  activity: Record<string, unknown>,
): Record<string, unknown> {
  return {
    type: 'message',
    ...activity,
    conversation: { id: conversation.id, tenantId: conversation.tenantId },
    ...(conversation.botId ? { from: { id: conversation.botId } } : {}),
    channelData: { tenant: { id: conversation.tenantId } },
  };
}

function tokenSource(options: ConnectorOptions): () => Promise<string | undefined> {
  if (!options.appId || !options.appPassword || !options.tenantId) return () => Promise.resolve(undefined);
  const host = options.authorityHost.replace(/\/+$/, '');
  const msal = lazyMsalClient({
    clientId: options.appId,
    clientSecret: options.appPassword,
    authority: `${host}/${options.tenantId}`,
    knownAuthorities: [new URL(host).host],
  });
  return async () => {
    const result = await (await msal()).acquireTokenByClientCredential({ scopes: [botFrameworkScope] });
    if (!result?.accessToken) throw new Error('no token for the Bot Connector');
    return result.accessToken;
  };
}

/** Retry-After as seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function safeId(text: string): string | undefined {
  try {
    const parsed = JSON.parse(text) as { id?: unknown };
    return typeof parsed.id === 'string' ? parsed.id : undefined;
  } catch {
    return undefined;
  }
}
