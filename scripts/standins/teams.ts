import { randomUUID } from 'node:crypto';

/** A person as Teams identifies them in activities. */
export interface TeamsUser {
  aadObjectId: string;
  name: string;
  /** The 1:1 conversation id between this person and the bot. */
  conversationId: string;
}

export const testTenantId = '72f988bf-0000-4000-8000-00000000c0de';
export const botId = '28:conduct-test-bot';

export const teamsUser = (name: string, aadObjectId = randomUUID()): TeamsUser => ({
  aadObjectId,
  name,
  conversationId: `a:1${aadObjectId.replace(/-/g, '')}`,
});

/** A Teams-shaped activity in the person's 1:1 chat with the bot. */
export function personalActivity(
  user: TeamsUser,
  serviceUrl: string,
  fields: Record<string, unknown>,
  tenantId = testTenantId,
): Record<string, unknown> {
  return {
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    from: { id: `29:${user.aadObjectId}`, name: user.name, aadObjectId: user.aadObjectId },
    recipient: { id: botId, name: 'Conduct' },
    conversation: { id: user.conversationId, conversationType: 'personal', tenantId },
    channelData: { tenant: { id: tenantId } },
    locale: 'en-GB',
    ...fields,
  };
}

export const message = (user: TeamsUser, serviceUrl: string, text: string): Record<string, unknown> =>
  personalActivity(user, serviceUrl, { type: 'message', text });

export const install = (user: TeamsUser, serviceUrl: string): Record<string, unknown> =>
  personalActivity(user, serviceUrl, { type: 'installationUpdate', action: 'add' });

/** An Action.Execute (Universal Actions) press on a card. */
export const cardAction = (
  user: TeamsUser,
  serviceUrl: string,
  verb: string,
  data: Record<string, unknown>,
): Record<string, unknown> =>
  personalActivity(user, serviceUrl, {
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  });

/** Posts an activity to the bot as Teams would and returns the HTTP answer. */
export async function postActivity(
  appUrl: string,
  activity: Record<string, unknown>,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${appUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body };
}
