import type { Person } from '../../src/directory';
import type { Models } from '../../src/store/models';
import { cardAction, testTenantId, type TeamsUser } from '../../scripts/standins/teams';
import { seedPerson, type BotUnderTest } from '../support/conduct';

/** The first card the bot sent to this chat whose JSON contains the text, waited for. */
export async function waitForCard(
  conduct: BotUnderTest,
  conversationId: string,
  text: string,
  timeoutMs = 20_000,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const card = conduct.connector.cardsFor(conversationId).find((c) => JSON.stringify(c).includes(text));
    if (card) return card;
    if (Date.now() > deadline) throw new Error(`no card containing "${text}" reached the chat`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Seeds a member of the sample school (seedPerson) who holds the IT manager's role for the whole trust. */
export async function seedItManager(
  models: Models,
  user: TeamsUser,
  fields: Parameters<typeof seedPerson>[2] = {},
): Promise<Person> {
  const person = await seedPerson(models, user, fields);
  await models.RoleAssignment.create({
    tenantId: testTenantId,
    personId: person._id,
    role: 'it_manager',
    scopeKey: 'trust',
  });
  return person;
}

/** Pressing Sign on a version's card, with what the person typed and ticked. */
export const signOnCard = (
  user: TeamsUser,
  connectorUrl: string,
  versionId: string,
  fields: { signedName: string; jobTitle?: string; accepted: string; readWith?: string },
) => cardAction(user, connectorUrl, 'policy.sign', { versionId, ...fields });

/** Adds a policy for the trust's staff through the API, as the manager; returns its id. */
export async function newStaffPolicy(
  conduct: BotUnderTest,
  managerId: string,
  title: string,
): Promise<string> {
  const created = await conduct.api<{ id: string }>('POST', '/api/policies', {
    as: managerId,
    body: { title, audiences: ['staff'], scope: 'trust' },
  });
  return created.body.id;
}
