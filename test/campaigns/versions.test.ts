import { seedItManager } from '../policies/processes';
import { seedPerson, useConductBot, type BotUnderTest } from '../support/conduct';
import { publishPolicy, publishVersion } from '../support/policies';
import { cardAction, install, teamsUser, type TeamsUser } from '../../scripts/standins/teams';
import { testScheduler } from './scheduler';

const json = (value: unknown): string => JSON.stringify(value);

async function settle(conduct: BotUnderTest, campaignId: string, as: string): Promise<void> {
  for (let i = 0; i < 150; i += 1) {
    const progress = await conduct.api<{ counts: Record<string, number> }>(
      'GET',
      `/api/campaigns/${campaignId}`,
      { as },
    );
    if (progress.body.counts.pending === 0 && progress.body.counts.sending === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('campaign did not settle');
}

describe('new versions of a policy', () => {
  const conduct = useConductBot();
  const manager = teamsUser('Ivy Manager');
  const alex = teamsUser('Alex Signer');
  const ben = teamsUser('Ben Later');
  let policyId = '';
  let v1 = '';
  const cardsTo = (user: TeamsUser): string[] => conduct().connector.cardsFor(user.conversationId).map(json);

  beforeAll(async () => {
    const { models, connector, send } = conduct();
    await seedItManager(models, manager);
    await seedPerson(models, alex);
    await seedPerson(models, ben);
    for (const user of [manager, alex, ben]) await send(install(user, connector.url));
    const first = await publishPolicy(conduct(), manager.aadObjectId, 'Online safety', '2026.1');
    ({ policyId, versionId: v1 } = first);
    await settle(conduct(), first.campaignId, manager.aadObjectId);
    await send(
      cardAction(alex, connector.url, 'policy.sign', {
        versionId: v1,
        signedName: 'Alex Signer',
        accepted: 'true',
      }),
    );
  });

  it('does not ask again after a non-material change, but asks those who never signed', async () => {
    const before = cardsTo(alex).length;
    const second = await publishVersion(conduct(), manager.aadObjectId, policyId, '2026.2', false);
    await settle(conduct(), second.campaignId, manager.aadObjectId);
    expect(cardsTo(alex)).toHaveLength(before);
    expect(cardsTo(ben).at(-1)).toContain('Version 2026.2');
    const mine = await conduct().api<{ signed: { label: string; signedLabel: string }[] }>(
      'GET',
      '/api/my/policies',
      {
        as: alex.aadObjectId,
      },
    );
    expect(mine.body.signed).toEqual([
      expect.objectContaining({ label: '2026.2', signedLabel: 'an earlier version' }),
    ]);
  });

  it('turns an old card into "replaced by", offering the current version', async () => {
    const { send, connector } = conduct();
    const old = await send(cardAction(ben, connector.url, 'policy.refresh', { versionId: v1 }));
    expect(json(old.body)).toContain('replaced by version 2026.2');
    const current = await send(
      cardAction(ben, connector.url, 'policy.sign', { versionId: v1, signedName: 'Ben', accepted: 'true' }),
    );
    expect(json(current.body)).toContain('replaced by version 2026.2');
    expect(await conduct().models.Acknowledgement.countDocuments({ signedName: 'Ben' })).toBe(0);
  });

  it('asks everyone again after a material change', async () => {
    const third = await publishVersion(conduct(), manager.aadObjectId, policyId, '2027.1', true);
    await settle(conduct(), third.campaignId, manager.aadObjectId);
    expect(cardsTo(alex).at(-1)).toContain('Version 2027.1');
    expect(cardsTo(ben).at(-1)).toContain('Version 2027.1');
  });

  it('sends a newcomer the current card with a due date of their own', async () => {
    const { models, connector, send, app } = conduct();
    const cara = teamsUser('Cara Newcomer');
    await seedPerson(models, cara);
    await send(install(cara, connector.url));
    const jobs = testScheduler(app.connection);
    await jobs.now('campaigns.enrol', {});
    for (let i = 0; i < 100 && !cardsTo(cara).some((c) => c.includes('Version 2027.1')); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(cardsTo(cara).some((c) => c.includes('Version 2027.1'))).toBe(true);
    const delivery = await models.Delivery.findOne({
      personId: (await models.Person.findOne({ displayName: 'Cara Newcomer' }))!._id,
    }).lean();
    expect(delivery!.dueAt.getTime()).toBeGreaterThan(Date.now() + 13 * 86_400_000);
  });
});
