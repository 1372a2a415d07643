import { Types } from 'mongoose';
import { startCampaign } from '../../src/campaigns/start';
import { createDraftVersion, publishVersion } from '../../src/policies/store';
import { useConductWithPlayground } from '../incidents/playground-app';
import { testScheduler } from './scheduler';
import { messageText } from '../../scripts/standins/playground';
import { testTenantId } from '../../scripts/standins/teams';

/*
 * The sign-off journey as a person has it in Microsoft's own Teams emulator: the bot is installed,
 * a policy is published, its card arrives in the chat and is signed there.
 */
describe('policy sign-off in the Agents Playground', () => {
  const conduct = useConductWithPlayground();
  let versionId = '';

  it('welcomes the person on install', async () => {
    const { playground, app } = conduct();
    const school = await app.models.School.create({
      tenantId: testTenantId,
      name: 'Northfield Primary',
      code: 'NFP',
    });
    await app.models.Person.create({
      tenantId: testTenantId,
      entraObjectId: playground.currentUser.aadObjectId,
      displayName: playground.currentUser.name,
      jobTitle: 'Teaching assistant',
      memberships: [{ schoolId: school._id, audience: 'staff' }],
      membershipKeys: [`${school._id.toString()}:staff`],
      active: true,
    });
    await playground.install();
    const welcome = await playground.waitForMessage((m) => messageText(m).includes("I'm Conduct"));
    expect(messageText(welcome)).toContain(`Hello ${playground.currentUser.name.split(' ')[0]}`);
  });

  it('delivers the card of a newly published policy to the chat', async () => {
    const { playground, app } = conduct();
    const owner = new Types.ObjectId();
    const policy = await app.models.Policy.create({
      tenantId: testTenantId,
      title: 'Acceptable use of ICT',
      audiences: ['staff'],
      scope: 'trust',
      ownerId: owner,
    });
    const draft = await createDraftVersion(
      app.models,
      policy,
      {
        label: '2026.1',
        bodyMarkdown: '# Acceptable use\n\n- I will keep my password private.',
        keyPoints: ['Keep your password private', 'Lock your screen', 'Report problems quickly'],
        effectiveDate: new Date('2026-09-01'),
        reviewDate: new Date('2026-08-01'),
        nextReviewDate: new Date('2027-08-01'),
        dueDays: 14,
        material: true,
      },
      owner,
    );
    const version = await publishVersion(app.models, draft._id, owner, new Date());
    versionId = version._id.toString();
    const jobs = testScheduler(app.connection);
    const current = (await app.models.Policy.findById(policy._id).lean())!;
    await startCampaign(
      { models: app.models, jobs, now: () => new Date(), timeZone: 'Europe/London' },
      { policy: current, version, actor: { personId: owner } },
    );
    const card = await playground.waitForMessage((m) => messageText(m).includes('Acceptable use of ICT'));
    expect(messageText(card)).toContain('Keep your password private');
    expect(messageText(card)).toContain('Teaching assistant');
  });

  it('refuses a signature without a name and stores nothing, then signs once for good', async () => {
    const { playground, app } = conduct();
    const card = await playground.waitForMessage((m) => messageText(m).includes('Acceptable use of ICT'));
    const refused = await playground.invoke(card.messageId, 'policy.sign', {
      versionId,
      signedName: '',
      jobTitle: 'Teaching assistant',
      accepted: 'true',
    });
    expect(JSON.stringify(refused)).toContain('Enter your full name to sign.');
    expect(await app.models.Acknowledgement.countDocuments({})).toBe(0);

    const data = { versionId, signedName: 'Alex Wilber', jobTitle: 'Teaching assistant', accepted: 'true' };
    const signed = await playground.invoke(card.messageId, 'policy.sign', data);
    expect(JSON.stringify(signed)).toMatch(
      /Signed v2026\.1 on \d\d\/\d\d\/\d{4} by Alex Wilber \(Teaching assistant\)/,
    );
    const again = await playground.invoke(card.messageId, 'policy.sign', { ...data, signedName: 'A Wilber' });
    expect(JSON.stringify(again)).toContain('by Alex Wilber');
    expect(await app.models.Acknowledgement.countDocuments({})).toBe(1);
  });
});
