import type { Person } from '../../src/directory';
import type { Models } from '../../src/store/models';
import { cardAction, install, testTenantId, type TeamsUser } from '../../scripts/standins/teams';
import { seedPerson, type BotUnderTest } from '../support/conduct';
import { pdfText } from '../incidents/pdf-text';

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

/** The IT manager, and staff (each with a job title) who have Conduct in Teams, so its cards reach them. */
export async function seatStaff(
  conduct: BotUnderTest,
  manager: TeamsUser,
  staff: ReadonlyArray<readonly [TeamsUser, string]>,
): Promise<void> {
  await seedItManager(conduct.models, manager);
  for (const [user, jobTitle] of staff) await seedPerson(conduct.models, user, { jobTitle });
  for (const [user] of staff) await conduct.send(install(user, conduct.connector.url));
}

/** A version's evidence pack (PDF) as `oid` downloads it: the status, and the text when it came. */
export async function evidencePack(
  conduct: BotUnderTest,
  oid: string,
  versionId: string,
): Promise<{ status: number; text: string }> {
  const token = await conduct.entra.tokenFor({ oid });
  const pdf = await fetch(`${conduct.app.url}/api/evidence/${versionId}.pdf`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: pdf.status, text: pdf.ok ? pdfText(Buffer.from(await pdf.arrayBuffer())) : '' };
}

/** Presses Sign on a version's card as `user`, with what they typed and ticked; the bot's answer. */
export const signOnCard = (
  conduct: BotUnderTest,
  user: TeamsUser,
  versionId: string,
  fields: { signedName: string; jobTitle?: string; accepted: string; readWith?: string },
) => conduct.send(cardAction(user, conduct.connector.url, 'policy.sign', { versionId, ...fields }));

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
