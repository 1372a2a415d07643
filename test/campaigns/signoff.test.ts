import { seedItManager, signOnCard } from '../policies/processes';
import { seedPerson, useConductBot } from '../support/conduct';
import { publishPolicy } from '../support/policies';
import { cardAction, install, message, teamsUser } from '../../scripts/standins/teams';

const json = (value: unknown): string => JSON.stringify(value);

describe('policy sign-off through the bot', () => {
  const conduct = useConductBot();
  const itManager = teamsUser('Ida Manager');
  const alex = teamsUser('Alex Morgan');
  const blocked = teamsUser('Bea Blocked');
  const unreachable = teamsUser('Uma Unreachable');
  let versionId = '';
  let campaignId = '';

  beforeAll(async () => {
    const { models, connector, send } = conduct();
    await seedItManager(models, itManager, { jobTitle: 'Network manager' });
    await seedPerson(models, alex, { jobTitle: 'Year 4 teacher' });
    await seedPerson(models, blocked);
    await seedPerson(models, unreachable);
    for (const user of [itManager, alex, blocked]) await send(install(user, connector.url));
    connector.blocked.add(blocked.conversationId);
    ({ versionId, campaignId } = await publishPolicy(
      conduct(),
      itManager.aadObjectId,
      'Acceptable use of ICT',
    ));
  });

  const waitForCampaign = async (): Promise<Record<string, unknown>> => {
    for (let i = 0; i < 100; i += 1) {
      const progress = await conduct().api<{ counts: Record<string, number> }>(
        'GET',
        `/api/campaigns/${campaignId}`,
        {
          as: itManager.aadObjectId,
        },
      );
      const { pending, sending } = progress.body.counts;
      if (pending === 0 && sending === 0) return progress.body;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('campaign did not finish');
  };

  it('sends the card to everyone in the audience and reports who could not get it, and why', async () => {
    const progress = await waitForCampaign();
    expect(progress).toMatchObject({ counts: { sent: 2, blocked: 1, failed: 1 }, total: 4, signed: 0 });
    const card = conduct()
      .connector.cardsFor(alex.conversationId)
      .find((c) => json(c).includes('Acceptable use of ICT'));
    expect(json(card)).toContain('Version 2026.1');
    expect(json(card)).toContain('Keep your passwords private');
    expect(json(card)).toContain('"value":"Alex Morgan"');
    expect(json(card)).toContain('"value":"Year 4 teacher"');
    const failed = await conduct().api<{
      items: { displayName: string; status: string; lastError: string }[];
    }>('GET', `/api/campaigns/${campaignId}/deliveries`, { as: itManager.aadObjectId });
    const byName = Object.fromEntries(failed.body.items.map((i) => [i.displayName, i]));
    expect(byName['Bea Blocked']).toMatchObject({ status: 'blocked' });
    expect(byName['Uma Unreachable']?.lastError).toMatch(/not installed/);
  });

  it('refuses to sign without a name or without accepting, storing nothing', async () => {
    const { models } = conduct();
    const noName = await signOnCard(conduct(), alex, versionId, {
      signedName: '  ',
      jobTitle: 'Teacher',
      accepted: 'true',
    });
    expect(json(noName.body)).toContain('Enter your full name to sign.');
    const notAccepted = await signOnCard(conduct(), alex, versionId, {
      signedName: 'Alex Morgan',
      accepted: 'false',
    });
    expect(json(notAccepted.body)).toContain('I have read, understood and accept this policy');
    expect(json(notAccepted.body)).toContain('"value":"Alex Morgan"');
    expect(await models.Acknowledgement.countDocuments({})).toBe(0);
  });

  it('refuses a sign or refresh button whose data does not fit, with a card saying so', async () => {
    const { send, connector, models } = conduct();
    for (const data of [
      { versionId, signedName: { $ne: '' }, accepted: 'true' },
      { versionId: 'not-an-id', signedName: 'Alex Morgan', accepted: 'true' },
      { versionId, signedName: 'Alex Morgan', accepted: 'yes' },
    ]) {
      const refused = await send(cardAction(alex, connector.url, 'policy.sign', data));
      expect(refused.status).toBe(200);
      expect(json(refused.body)).toContain('sent something I could not read, so nothing was signed');
    }
    const refresh = await send(cardAction(alex, connector.url, 'policy.refresh', { versionId: 42 }));
    expect(refresh.status).toBe(200);
    expect(json(refresh.body)).toContain('sent something I could not read');
    expect(await models.Acknowledgement.countDocuments({})).toBe(0);
  });

  it('signs once: the card updates in place, and a repeated action with a new id adds nothing', async () => {
    const { send, connector, models } = conduct();
    const data = { versionId, signedName: 'Alex J Morgan', jobTitle: 'Year 4 teacher', accepted: 'true' };
    const signed = await send(cardAction(alex, connector.url, 'policy.sign', data));
    expect(signed.status).toBe(200);
    const today = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London' }).format(new Date());
    expect(json(signed.body)).toContain(`Signed v2026.1 on ${today} by Alex J Morgan (Year 4 teacher)`);
    const again = await send(
      cardAction(alex, connector.url, 'policy.sign', { ...data, signedName: 'Someone Else' }),
    );
    expect(json(again.body)).toContain('by Alex J Morgan');
    const records = await models.Acknowledgement.find({}).lean();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      signedName: 'Alex J Morgan',
      jobTitle: 'Year 4 teacher',
      via: 'card',
    });
    expect(records[0]!.contentHash).toMatch(/^sha256:/);
    const progress = await conduct().api<{ signed: number }>('GET', `/api/campaigns/${campaignId}`, {
      as: itManager.aadObjectId,
    });
    expect(progress.body.signed).toBe(1);
  });

  it('shows a signature made in the tab when the card refreshes', async () => {
    const { send, connector, api } = conduct();
    const manager = await api('POST', `/api/my/policies/${versionId}/sign`, {
      as: itManager.aadObjectId,
      body: { signedName: 'Ida Manager', jobTitle: 'Network manager', accepted: true },
    });
    expect(manager.status).toBe(201);
    const refreshed = await send(cardAction(itManager, connector.url, 'policy.refresh', { versionId }));
    expect(json(refreshed.body)).toContain('by Ida Manager (Network manager)');
  });

  it('lists outstanding and signed policies on "my policies"', async () => {
    const { send, connector } = conduct();
    await send(message(alex, connector.url, 'my policies'));
    const last = connector.cardsFor(alex.conversationId).at(-1);
    expect(json(last)).toContain('Nothing is waiting for your signature');
    expect(json(last)).toContain('Acceptable use of ICT v2026.1');
  });

  it('resends the cards that were blocked once the person allows Conduct again, and only those', async () => {
    const { connector, api } = conduct();
    connector.blocked.delete(blocked.conversationId);
    const before = connector.received.length;
    const resent = await api<{ requeued: number }>('POST', `/api/campaigns/${campaignId}/resend`, {
      as: itManager.aadObjectId,
      body: { status: 'blocked' },
    });
    expect(resent).toMatchObject({ status: 200, body: { requeued: 1 } });
    const progress = await waitForCampaign();
    expect(progress).toMatchObject({ counts: { sent: 3, blocked: 0, failed: 1 }, total: 4 });
    const sentSince = connector.received.slice(before);
    expect(sentSince.map((r) => r.conversationId)).toEqual([blocked.conversationId]);
    expect(await conduct().models.SendBatch.countDocuments({})).toBe(0);
  });
});
