import type { Page } from 'playwright-core';
import type { Types } from 'mongoose';
import { seeder, type SeededPerson } from '../compliance/seed';
import { afterAction, signIn, toastTitled, useTab, waitForContent } from './harness';

const hour = 3_600_000;

describe('the incident queue and status form in a browser', () => {
  // Page loads on a shared, busy machine can take many seconds; nothing here waits for a fixed time.
  jest.setTimeout(180_000);
  const tab = useTab();
  let ivy: SeededPerson;
  let virus: Types.ObjectId;
  let email: Types.ObjectId;
  let breach: Types.ObjectId;
  let page: Page;

  beforeAll(async () => {
    const { models, tenantId, connector } = tab();
    const seed = seeder(models, tenantId);
    const school = await seed.school('North Hill School', 'NHS');
    const staff = {
      memberships: [{ schoolId: school, audience: 'staff' as const }],
      serviceUrl: connector.url,
    };
    ivy = await seed.person('Ivy Tech', { ...staff, jobTitle: 'IT manager' });
    const cal = await seed.person('Cal Clark', staff);
    await seed.role(ivy, 'it_manager', null);
    await seed.role(ivy, 'dpo', null);
    const ago = (hours: number) => new Date(Date.now() - hours * hour);
    const report = (reference: string, type: string, handlingRole: string, reportedAt: Date) => ({
      tenantId,
      reference,
      type,
      handlingRole,
      schoolId: school,
      reporterId: cal.id,
      reportedAt,
      timeline: [{ at: reportedAt, by: cal.id, what: 'reported' }],
    });
    const [virusReport, emailReport, breachReport] = await models.Incident.create([
      // Newest, and taken on by Ivy: the status form is hers to use.
      {
        ...report('INC-2026-0011', 'virus', 'ict_helpdesk', ago(1)),
        status: 'triaged',
        ownerId: ivy.id,
        fields: { device: 'Room 12 PC', whatHappened: 'A ransom note on the screen' },
      },
      { ...report('INC-2026-0012', 'suspicious_email', 'ict_helpdesk', ago(2)), status: 'new' },
      // The oldest, but in the last 24 of its 72 hours: urgent, so first.
      {
        ...report('INC-2026-0010', 'data_breach', 'dpo', ago(60)),
        status: 'new',
        fields: { whatHappened: 'Reports emailed to the wrong parent' },
        awareAt: ago(60),
        breach: { deadlineAt: ago(60 - 72) },
        urgentFrom: ago(60 - 48),
        urgentReason: 'breach_deadline',
      },
    ]);
    virus = virusReport!._id;
    email = emailReport!._id;
    breach = breachReport!._id;
    page = await tab().newPage();
    await signIn(tab(), page, ivy.oid, 'admin/incidents');
  });

  const go = async (path: string) => {
    await page.goto(`${tab().app.url}/tab/${path}`);
    await waitForContent(page);
  };

  it('lists the urgent breach first, with its urgent badge, though it is the oldest report', async () => {
    await go('admin/incidents');
    await afterAction(page, 'incidents-queue-urgent');
    const rows = page.getByRole('row').filter({ hasText: /INC-2026-/ });
    expect(await rows.count()).toBe(3);
    expect(await rows.nth(0).textContent()).toContain('INC-2026-0010');
    expect(await rows.nth(0).getByText('URGENT: ICO deadline').count()).toBe(1);
    expect(await page.getByText(/^URGENT/).count()).toBe(1);
    expect((await rows.nth(1).textContent()) ?? '').toContain('INC-2026-0011');
  });

  it('records a valid move and shows it; refuses one no longer allowed, showing why and where it stands', async () => {
    await go(`admin/incidents/${virus.toString()}`);
    await page.getByRole('combobox', { name: 'Move to' }).click();
    // Only the moves the server allows from triaged are offered.
    expect(await page.getByRole('option').allTextContents()).toEqual(['In progress', 'Resolved', 'Closed']);
    await page.getByRole('option', { name: 'In progress' }).click();
    await page.getByRole('button', { name: 'Change status' }).click();
    await toastTitled(page, 'Status: In progress').waitFor();
    await afterAction(page, 'incident-status-moved');
    await page.getByRole('listitem').filter({ hasText: 'Status: In progress' }).first().waitFor();
    const moved = await tab().models.Incident.findById(virus).lean();
    expect(moved?.status).toBe('in_progress');
    expect(moved?.timeline.map((e) => e.what)).toContain('status:in_progress');

    // Someone else closes it while this page still offers "Resolved".
    await page.getByRole('combobox', { name: 'Move to' }).click();
    await page.getByRole('option', { name: 'Resolved' }).click();
    await tab().models.Incident.updateOne(
      { _id: virus },
      { $set: { status: 'closed', closedAt: new Date() } },
    );
    await page.getByRole('button', { name: 'Change status' }).click();
    await toastTitled(page, 'That did not work').waitFor();
    await page
      .locator('.fui-ToastBody', { hasText: 'An incident that is closed cannot become resolved.' })
      .waitFor();
    await page.getByText('This incident is closed.').waitFor();
    await afterAction(page, 'incident-status-refused');
    expect(await page.getByRole('combobox', { name: 'Move to' }).count()).toBe(0);
    const refused = await tab().models.Incident.findById(virus).lean();
    expect(refused?.status).toBe('closed');
    expect(refused?.timeline.map((e) => e.what)).not.toContain('status:resolved');
    expect(tab().pageErrors).toEqual([]);
  });

  it('claims, comments and downloads the sheet, each shown only once it is recorded', async () => {
    await go(`admin/incidents/${email.toString()}`);
    await page.getByRole('button', { name: 'Claim' }).click();
    await toastTitled(page, 'You are handling this incident').waitFor();
    await page.getByText('Ivy Tech', { exact: true }).first().waitFor();
    expect(await page.getByRole('button', { name: 'Claim' }).count()).toBe(0);
    await page.getByRole('textbox', { name: 'Comment' }).fill('Blocked the sender at the mail filter');
    await page.getByRole('button', { name: 'Add comment' }).click();
    await toastTitled(page, 'Comment added').waitFor();
    await page.getByRole('listitem').filter({ hasText: 'Blocked the sender at the mail filter' }).waitFor();
    await afterAction(page, 'incident-claimed-commented');
    const stored = await tab().models.Incident.findById(email).lean();
    expect(stored?.ownerId?.toString()).toBe(ivy.id.toString());
    expect(stored?.timeline.map((e) => [e.what, e.note ?? null])).toEqual([
      ['reported', null],
      ['claimed', null],
      ['status:triaged', null],
      ['comment', 'Blocked the sender at the mail filter'],
    ]);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Incident sheet' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('INC-2026-0012.pdf');
    expect(tab().pageErrors).toEqual([]);
  });

  it('offers a breach no resolve or close until the decision on the ICO is recorded, then records it', async () => {
    await go(`admin/incidents/${breach.toString()}`);
    await page
      .getByText('It can be resolved or closed once the decision on telling the ICO is recorded.')
      .waitFor();
    await page.getByRole('combobox', { name: 'Move to' }).click();
    expect(await page.getByRole('option').allTextContents()).toEqual(['Triaged', 'In progress']);
    await page.keyboard.press('Escape');
    await page.getByRole('radio', { name: 'Not reportable' }).check();
    await page.getByRole('textbox', { name: 'Why' }).fill('Sent to one parent, who deleted it at once');
    await page.getByRole('button', { name: 'Record decision' }).click();
    await toastTitled(page, 'Decision recorded').waitFor();
    await page.getByText('Decision: not reportable').waitFor();
    await afterAction(page, 'incident-breach-decided');
    await page.getByRole('combobox', { name: 'Move to' }).click();
    expect(await page.getByRole('option').allTextContents()).toEqual(['Triaged', 'In progress', 'Closed']);
    await page.keyboard.press('Escape');
    const stored = await tab().models.Incident.findById(breach).lean();
    expect(stored?.breach?.decision).toMatchObject({
      report: false,
      reason: 'Sent to one parent, who deleted it at once',
    });
    expect(tab().pageErrors).toEqual([]);
  });
});
