import type { Role } from '../../src/directory/model';
import { seedPerson, type BotUnderTest } from '../support/conduct';
import {
  message,
  personalActivity,
  testTenantId,
  teamsUser,
  type TeamsUser,
} from '../../scripts/standins/teams';

/** A key for tests only: 32 bytes in base64. */
export const testIncidentKey = Buffer.alloc(32, 42).toString('base64');

/** Everything the bot sent to a conversation after the `from`-th activity, as text (cards included). */
export function sentSince(bot: BotUnderTest, conversationId: string, from: number): string[] {
  return bot.connector.received
    .slice(from)
    .filter((r) => r.conversationId === conversationId)
    .map((r) => JSON.stringify(r.activity));
}

/** Says something in the person's chat and returns what the bot answered (as text, cards included). */
export async function say(bot: BotUnderTest, user: TeamsUser, text: string): Promise<string> {
  const before = bot.connector.received.length;
  const answer = await bot.send(message(user, bot.connector.url, text));
  if (answer.status !== 200)
    throw new Error(`the bot answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return sentSince(bot, user.conversationId, before).join('\n');
}

/** Presses an Action.Submit button whose data is `value`. */
export async function press(
  bot: BotUnderTest,
  user: TeamsUser,
  value: Record<string, unknown>,
): Promise<string> {
  const before = bot.connector.received.length;
  await bot.send(personalActivity(user, bot.connector.url, { type: 'message', value }));
  return sentSince(bot, user.conversationId, before).join('\n');
}

/** The Adaptive Cards sent to a conversation after the `from`-th activity. */
export function cardsSince(
  bot: BotUnderTest,
  conversationId: string,
  from: number,
): Record<string, unknown>[] {
  return bot.connector.received
    .slice(from)
    .filter((r) => r.conversationId === conversationId)
    .flatMap((r) =>
      ((r.activity.attachments as { content?: unknown }[] | undefined) ?? []).map((a) => a.content),
    )
    .filter((c): c is Record<string, unknown> => typeof c === 'object' && c !== null);
}

/** A member of staff at North Hill who holds a role there, with a 1:1 chat Conduct can send to. */
export async function seedRoleHolder(
  bot: BotUnderTest,
  name: string,
  role: Role,
  scope: 'school' | 'trust' = 'school',
): Promise<{ user: TeamsUser; personId: string; schoolId: string }> {
  const user = teamsUser(name);
  const person = await seedPerson(bot.models, user, { jobTitle: role });
  const schoolId = person.memberships[0]!.schoolId.toString();
  await bot.models.RoleAssignment.create({
    tenantId: testTenantId,
    personId: person._id,
    role,
    scopeKey: scope === 'trust' ? 'trust' : schoolId,
    ...(scope === 'trust' ? {} : { schoolId: person.memberships[0]!.schoolId }),
  });
  await bot.models.Person.updateOne(
    { _id: person._id },
    {
      $set: {
        conversation: {
          id: user.conversationId,
          serviceUrl: bot.connector.url,
          tenantId: testTenantId,
          channelId: 'msteams',
          storedAt: new Date(),
        },
      },
    },
  );
  return { user, personId: person._id.toString(), schoolId };
}

/** A reporter at North Hill (their chat is remembered from their first message). */
export async function seedReporter(bot: BotUnderTest, name: string): Promise<TeamsUser> {
  const user = teamsUser(name);
  await seedPerson(bot.models, user);
  return user;
}

/** Answers each question in turn, returning the last answer's reply. */
export async function answerAll(
  bot: BotUnderTest,
  user: TeamsUser,
  answers: readonly string[],
): Promise<string> {
  let reply = '';
  for (const answer of answers) reply = await say(bot, user, answer);
  return reply;
}

/** The reference (INC-2026-0001) in a reply. */
export const referenceIn = (text: string): string | undefined => /INC-\d{4}-\d{4}/.exec(text)?.[0];

/** Reads until the check passes (jobs such as notifications run a moment after the request). */
export async function eventually<T>(
  read: () => T | Promise<T>,
  check: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`still not as expected after ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits until the people responsible have been told of the report (its "notified" timeline entry). */
export async function notified(bot: BotUnderTest, reference: string): Promise<void> {
  await eventually(
    () => bot.models.Incident.findOne({ reference }).lean(),
    (incident) => Boolean(incident?.timeline.some((entry) => entry.what === 'notified')),
  );
}
