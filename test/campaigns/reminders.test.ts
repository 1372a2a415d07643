import { Types } from 'mongoose';
import type { PolicyCardSender } from '../../src/campaigns/ports';
import { escalateOverdue, sendDueReminders, type ReminderDeps } from '../../src/campaigns/reminders';
import { nextReminderAt, parseWindow, withinWindow } from '../../src/campaigns/schedule';
import { createLogger } from '../../src/logger';
import { useTestDatabase } from '../support/database';

const at = (iso: string): Date => new Date(iso);
const london = 'Europe/London';
const window = parseWindow('Mon-Fri 08:00-17:00', london);

describe('the reminder schedule', () => {
  it('reminds after 3 and 7 days, on the due date, then weekly while overdue', () => {
    const sent = at('2026-11-30T10:00:00Z');
    const due = at('2026-12-14T10:00:00Z');
    const schedule = [0, 1, 2, 3, 4].map((n) =>
      nextReminderAt(sent, due, n, [3, 7], london).toISOString().slice(0, 10),
    );
    expect(schedule).toEqual(['2026-12-03', '2026-12-07', '2026-12-14', '2026-12-21', '2026-12-28']);
  });

  it('skips reminder days that fall after a short due date', () => {
    const sent = at('2026-11-30T10:00:00Z');
    const due = at('2026-12-02T10:00:00Z');
    expect(nextReminderAt(sent, due, 0, [3, 7], london).toISOString()).toBe(due.toISOString());
  });

  it('keeps the time of day across the clocks going back and forward', () => {
    // Sent Friday 23 October 2026 at 10:00 BST; the clocks go back on Sunday 25th.
    const sent = at('2026-10-23T09:00:00Z');
    const due = at('2026-11-06T10:00:00Z');
    expect(nextReminderAt(sent, due, 0, [3, 7], london).toISOString()).toBe('2026-10-26T10:00:00.000Z');
    // Due Friday 27 March 2026 at 17:00 GMT; a week overdue is 17:00 BST, after the clocks went forward.
    const spring = at('2026-03-27T17:00:00Z');
    expect(nextReminderAt(at('2026-03-20T17:00:00Z'), spring, 2, [3], london).toISOString()).toBe(
      '2026-04-03T16:00:00.000Z',
    );
  });

  it('reminds on the due day at the time the card went, not at the end of the day', () => {
    // Sent Friday 20 March 2026 at 10:00 GMT, due by the end of Monday 30 March (BST).
    const sent = at('2026-03-20T10:00:00Z');
    const due = at('2026-03-30T22:59:59.999Z');
    const schedule = [0, 1, 2].map((n) => nextReminderAt(sent, due, n, [3, 7], london).toISOString());
    expect(schedule).toEqual([
      '2026-03-23T10:00:00.000Z',
      '2026-03-27T10:00:00.000Z',
      '2026-03-30T09:00:00.000Z', // 10:00 BST on the due day, within school hours
    ]);
    expect(nextReminderAt(sent, due, 3, [3, 7], london).toISOString()).toBe('2026-04-06T09:00:00.000Z');
  });

  it('sends only on school days within school hours, in UK time', () => {
    expect(withinWindow(at('2026-12-07T07:59:00Z'), window)).toBe(false);
    expect(withinWindow(at('2026-12-07T08:00:00Z'), window)).toBe(true);
    expect(withinWindow(at('2026-12-07T16:59:00Z'), window)).toBe(true);
    expect(withinWindow(at('2026-12-07T17:00:00Z'), window)).toBe(false);
    expect(withinWindow(at('2026-12-05T10:00:00Z'), window)).toBe(false);
    // British Summer Time: 08:30 in London is 07:30 UTC.
    expect(withinWindow(at('2026-06-08T07:30:00Z'), window)).toBe(true);
  });
});

describe('sending reminders and overdue summaries', () => {
  const db = useTestDatabase();
  const sentCards: { to: string; reminder: boolean }[] = [];
  const summaries: { to: string; people: string[] }[] = [];
  const cards: PolicyCardSender = {
    sendPolicyCard: ({ person, reminder }) => {
      sentCards.push({ to: person.displayName, reminder });
      return Promise.resolve({ status: 'sent', activityId: 'x', attempts: 1 });
    },
    sendOverdueSummary: ({ to, overdue }) => {
      summaries.push({ to: to.displayName, people: overdue.map((p) => p.displayName).sort() });
      return Promise.resolve({ status: 'sent', activityId: 'y', attempts: 1 });
    },
  };
  let clock = at('2026-12-03T10:30:00Z');
  const deps = (): ReminderDeps => ({
    models: db().models,
    cards,
    logger: createLogger('silent'),
    now: () => clock,
    window,
  });

  beforeAll(async () => {
    const { models } = db();
    const tenantId = 'tenant-r';
    const school = await models.School.create({ tenantId, name: 'Oak Lane School', code: 'OAK' });
    const key = `${school._id.toString()}:staff`;
    const conversation = { id: 'a:x', serviceUrl: 'http://127.0.0.1', tenantId, storedAt: new Date() };
    const person = (name: string, extra: Record<string, unknown> = {}) =>
      models.Person.create({
        tenantId,
        entraObjectId: new Types.ObjectId().toString(),
        displayName: name,
        memberships: [{ schoolId: school._id, audience: 'staff' }],
        membershipKeys: [key],
        active: true,
        conversation,
        ...extra,
      });
    const head = await person('Hana Head');
    await models.RoleAssignment.create({
      tenantId,
      personId: head._id,
      role: 'headteacher',
      scopeKey: school._id.toString(),
    });
    const manager = await person('Mo Manager');
    const late = await person('Lee Late', { managerEntraObjectId: manager.entraObjectId });
    const signer = await person('Sid Signed');
    const early = await person('Eve Early');
    const owner = new Types.ObjectId();
    const policy = await models.Policy.create({
      tenantId,
      title: 'Email and messaging',
      audiences: ['staff'],
      scope: 'trust',
      ownerId: owner,
    });
    const version = await models.PolicyVersion.create({
      tenantId,
      policyId: policy._id,
      label: '3',
      status: 'published',
      bodyMarkdown: 'text',
      keyPoints: ['a', 'b', 'c'],
      effectiveDate: new Date(),
      reviewDate: new Date(),
      nextReviewDate: new Date(),
      dueDays: 14,
      material: true,
      contentHash: 'sha256:x',
      createdBy: owner,
    });
    await models.Policy.updateOne({ _id: policy._id }, { $set: { currentVersionId: version._id } });
    const campaign = await models.Campaign.create({
      tenantId,
      policyId: policy._id,
      policyVersionId: version._id,
      startedBy: owner,
      startedAt: at('2026-11-30T09:00:00Z'),
    });
    const sentAt = at('2026-11-30T09:00:00Z');
    const dueAt = at('2026-12-14T09:00:00Z');
    const delivery = (personId: Types.ObjectId, extra: Record<string, unknown>) =>
      models.Delivery.create({
        tenantId,
        campaignId: campaign._id,
        policyVersionId: version._id,
        personId,
        status: 'sent',
        sentAt,
        dueAt,
        ...extra,
      });
    await delivery(late._id, { nextReminderAt: nextReminderAt(sentAt, dueAt, 0, [3, 7], london) });
    await delivery(signer._id, { signedAt: at('2026-12-01T09:00:00Z') });
    await delivery(early._id, { nextReminderAt: at('2026-12-20T09:00:00Z') });
  });

  it('reminds the one person who is due, once, and plans their next reminder', async () => {
    expect(await sendDueReminders(deps())).toBe(1);
    expect(sentCards).toEqual([{ to: 'Lee Late', reminder: true }]);
    expect(await sendDueReminders(deps())).toBe(0);
    const late = await db().models.Delivery.findOne({ remindersSent: 1 }).lean();
    expect(late?.nextReminderAt?.toISOString()).toBe('2026-12-07T09:00:00.000Z');
  });

  it('sends nothing outside school hours', async () => {
    clock = at('2026-12-12T10:30:00Z'); // a Saturday
    expect(await sendDueReminders(deps())).toBe(0);
    expect(await escalateOverdue(deps())).toBe(0);
  });

  it('tells the headteacher and the line manager who is overdue, once a day', async () => {
    clock = at('2026-12-15T09:00:00Z');
    expect(await escalateOverdue(deps())).toBe(2);
    expect(summaries).toEqual(
      expect.arrayContaining([
        { to: 'Hana Head', people: ['Eve Early', 'Lee Late'] },
        { to: 'Mo Manager', people: ['Lee Late'] },
      ]),
    );
    clock = at('2026-12-15T15:00:00Z');
    expect(await escalateOverdue(deps())).toBe(0);
  });
});
