import { Types } from 'mongoose';
import { previewPolicyCard } from '../../bot/handlers/policies';
import { startCampaign } from '../../src/campaigns/start';
import { standings, type TrackedVersion } from '../../src/compliance/standing';
import { dayKey, formatDay } from '../../src/shared/time';
import { publishStaffPolicyInStore } from '../../scripts/standins/policy';
import { testTenantId } from '../../scripts/standins/teams';
import { useTestDatabase } from '../support/database';

const london = 'Europe/London';
const at = (iso: string): Date => new Date(iso);

// A due date is a day in the school's time zone: "10 days to sign" from a card sent late on a
// Friday is the end of the Monday ten days on, even when the clocks changed in between (counting
// 10 × 24 hours lands an hour off, which near midnight is the wrong day).
describe('due dates are calendar days in the school’s time zone', () => {
  const db = useTestDatabase();
  const jobs = { now: () => Promise.resolve() };

  async function campaignStartedAt(now: Date, name: string): Promise<Date> {
    const { models } = db();
    const school = await models.School.create({ tenantId: testTenantId, name, code: name.slice(0, 6) });
    const person = await models.Person.create({
      tenantId: testTenantId,
      entraObjectId: new Types.ObjectId().toString(),
      displayName: `Staff of ${name}`,
      memberships: [{ schoolId: school._id, audience: 'staff' }],
      membershipKeys: [`${school._id.toString()}:staff`],
      active: true,
    });
    const { policy, version, owner } = await publishStaffPolicyInStore(models, `Code of ${name}`);
    await startCampaign(
      { models, jobs, now: () => now, timeZone: london },
      { policy, version, actor: { personId: owner } },
    );
    const delivery = await models.Delivery.findOne({ personId: person._id }).lean();
    return delivery!.dueAt;
  }

  it('gives a card sent before the clocks go forward the whole of its due day, in BST', async () => {
    // Friday 20 March 2026, 23:30 GMT; 10 days on is Monday 30 March, in British Summer Time.
    const due = await campaignStartedAt(at('2026-03-20T23:30:00Z'), 'Spring');
    expect(formatDay(due, london)).toBe('30/03/2026');
    expect(due.toISOString()).toBe('2026-03-30T22:59:59.999Z'); // the last moment of 30 March, BST
  });

  it('gives a card sent before the clocks go back the whole of its due day, in GMT', async () => {
    // Thursday 22 October 2026, 00:30 BST (23:30 UTC the day before); 10 days on is Sunday 1 November.
    const due = await campaignStartedAt(at('2026-10-21T23:30:00Z'), 'Autumn');
    expect(formatDay(due, london)).toBe('01/11/2026');
    expect(due.toISOString()).toBe('2026-11-01T23:59:59.999Z');
  });

  it('counts someone the campaign never reached as overdue from midnight after the due day', () => {
    const version = {
      _id: new Types.ObjectId(),
      policyId: new Types.ObjectId(),
      label: '1',
      publishedAt: at('2026-10-21T23:30:00Z'), // 00:30 BST on Thursday 22 October
      nextReviewDate: at('2027-09-01T00:00:00Z'),
      dueDays: 10,
      acceptsSignaturesOf: [],
      contentHash: 'sha256:x',
    };
    const policy = {
      _id: version.policyId,
      title: 'Code',
      audiences: ['staff' as const],
      scope: 'trust' as const,
      schoolIds: [],
      currentVersionId: version._id,
    };
    const tracked: TrackedVersion = { policy, version, acceptedIds: [version._id.toString()] };
    const person = { _id: new Types.ObjectId(), membershipKeys: ['s:staff'], department: null };
    const standing = (now: Date) =>
      standings(tracked, [person], ['s:staff'], new Map(), new Map(), { now, timeZone: london })[0]!;
    expect(dayKey(standing(at('2026-11-01T12:00:00Z')).dueAt, london)).toBe('2026-11-01');
    expect(standing(at('2026-11-01T23:59:00Z')).overdue).toBe(false);
    expect(standing(at('2026-11-02T00:00:00Z')).overdue).toBe(true);
  });

  it('shows the same due day on the card the policy page previews', async () => {
    const { models } = db();
    const { policy, version } = await publishStaffPolicyInStore(models, 'Previewed code');
    const preview = previewPolicyCard({
      timeZone: london,
      publicBaseUrl: 'https://conduct.example',
      now: () => at('2026-03-20T23:30:00Z'),
    });
    const card = JSON.stringify(preview({ policy, version, recipient: { displayName: 'Ann Able' } }));
    expect(card).toContain('please sign by Monday 30 March 2026');
  });
});
