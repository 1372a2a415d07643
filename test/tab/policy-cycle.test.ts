import type { Page } from 'playwright-core';
import type { Types } from 'mongoose';
import { createDraftVersion } from '../../src/policies/store';
import { rebuildComplianceSummaries } from '../../src/compliance/store';
import { daysAgo, seeder, type SeededPerson } from '../compliance/seed';
import { afterAction, seriousViolations, signIn, toastTitled, useTab, waitForContent } from './harness';

const day = 86_400_000;

/**
 * The policy's other processes in a browser: the reviews due on the overview, a draft's notices and
 * the policies read with it, and questions answered in the tab and read as the FAQ.
 */
describe('reviews, notices, read-together and questions in the tab', () => {
  jest.setTimeout(180_000);
  const tab = useTab();
  let ivy: SeededPerson;
  let tia: SeededPerson;
  let aup: { policyId: Types.ObjectId; current: Types.ObjectId; draft: Types.ObjectId };
  let page: Page;

  beforeAll(async () => {
    const { models, tenantId, connector } = tab();
    const seed = seeder(models, tenantId);
    const school = await seed.school('North Hill School', 'NHS');
    const member = {
      memberships: [{ schoolId: school, audience: 'staff' as const }],
      serviceUrl: connector.url,
    };
    ivy = await seed.person('Ivy Tech', { ...member, jobTitle: 'IT manager' });
    tia = await seed.person('Tia Teacher', { ...member, jobTitle: 'Class teacher' });
    await seed.role(ivy, 'it_manager', null);
    await seed.role(ivy, 'trust_admin', null);
    const policyId = await seed.policy('Acceptable Use Policy', { audiences: ['staff'] });
    await models.Policy.updateOne({ _id: policyId }, { $set: { ownerId: ivy.id } });
    const current = await seed.publish(policyId, '2025.1', {
      publishedAt: daysAgo(350),
      nextReviewDate: new Date(Date.now() + 12 * day),
    });
    const safety = await seed.policy('Online Safety Policy', { audiences: ['staff'] });
    await seed.publish(safety, '4', { publishedAt: daysAgo(30) });
    const draft = await createDraftVersion(
      models,
      { _id: policyId, tenantId },
      {
        label: '2026.1',
        bodyMarkdown: '# Acceptable Use Policy\n\nUse school systems for school work.',
        keyPoints: ['Use school systems for school work', 'Keep passwords private', 'Report worries at once'],
        effectiveDate: new Date('2026-09-01'),
        reviewDate: new Date('2026-08-01'),
        nextReviewDate: new Date('2027-08-01'),
        dueDays: 14,
        material: true,
      },
      ivy.id,
    );
    aup = { policyId, current, draft: draft._id };
    await rebuildComplianceSummaries(models, tenantId);
    page = await tab().newPage();
    await signIn(tab(), page, ivy.oid, 'admin/overview');
    await waitForContent(page);
  });

  const go = async (path: string) => {
    await page.goto(`${tab().app.url}/tab/${path}`);
    await waitForContent(page);
  };
  const toast = (title: string) => toastTitled(page, title);

  it('lists the review due on the overview, and a new review date set on the policy page takes it off', async () => {
    const due = page.getByRole('group', { name: /due for review/ });
    await due.waitFor();
    expect(await due.getByText('A policy is due for review').count()).toBe(1);
    expect(await due.getByText('Review due soon').count()).toBe(1);
    await due.getByRole('link', { name: 'Acceptable Use Policy' }).click();
    await waitForContent(page);
    expect(new URL(page.url()).pathname).toBe(`/tab/admin/policies/${aup.policyId.toString()}`);
    await afterAction(page, 'review-due-link');
    const nextYear = new Date(Date.now() + 200 * day).toISOString().slice(0, 10);
    await page.getByLabel(/New review date/).fill(nextYear);
    await page.getByRole('button', { name: 'Set the review date' }).click();
    await toast('Next review set for').waitFor();
    await afterAction(page, 'review-date-set');
    await go('admin/overview');
    await page.getByRole('region', { name: /Acceptable Use Policy/ }).waitFor();
    expect(await page.getByRole('group', { name: /due for review/ }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("edits a draft's notices and the policies read with it, and the card preview shows them", async () => {
    await go(`admin/policies/${aup.policyId.toString()}/versions/${aup.draft.toString()}`);
    await page.getByRole('button', { name: 'Edit draft' }).click();
    for (let i = 0; i < 5; i += 1) await page.getByRole('button', { name: 'Add a notice' }).click();
    // Five at most: the button goes once there are five.
    expect(await page.getByRole('button', { name: 'Add a notice' }).count()).toBe(0);
    await afterAction(page, 'notices-five');
    for (let i = 5; i >= 2; i -= 1) await page.getByRole('button', { name: `Remove notice ${i}` }).click();
    await page.getByLabel('Notice 1 heading').fill('Monitoring');
    await page.getByLabel('Notice 1 text').fill('The school checks how its internet and email are used.');
    const safety = page.getByRole('checkbox', { name: 'Online Safety Policy' });
    await safety.check();
    expect(await page.getByRole('checkbox', { name: 'Acceptable Use Policy' }).count()).toBe(0);
    await afterAction(page, 'read-with-picked');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await toast('Draft saved').waitFor();
    await afterAction(page, 'notices-saved');
    const preview = page.getByRole('group', { name: 'Preview of the policy card' });
    await preview.getByText('Monitoring').first().waitFor();
    expect(await preview.getByText('The school checks how its internet and email are used.').count()).toBe(1);
    expect(await preview.getByText(/Online Safety Policy/).count()).toBeGreaterThan(0);
    const stored = await tab().models.PolicyVersion.findById(aup.draft).lean();
    expect(stored?.notices?.map((n) => n.heading)).toEqual(['Monitoring']);
    expect(stored?.readWith?.map((r) => r.title)).toEqual(['Online Safety Policy']);
    // An empty notice is refused against its field, and nothing is saved.
    await page.getByRole('button', { name: 'Edit draft' }).click();
    await page.getByRole('button', { name: 'Add a notice' }).click();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByLabel('Notice 2 heading').waitFor();
    await page.locator('.fui-Field__validationMessage').first().waitFor();
    await afterAction(page, 'notice-refused');
    expect((await tab().models.PolicyVersion.findById(aup.draft).lean())?.notices).toHaveLength(1);
  });

  it('answers a question in the tab, publishes it in the FAQ, and the signer reads it and asks another', async () => {
    const asked = await fetch(`${tab().app.url}/api/policies/${aup.policyId.toString()}/questions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await tab().entra.tokenFor({ oid: tia.oid })}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ text: 'May I check my own email at lunchtime on a school laptop?' }),
    });
    expect(asked.status).toBe(201);
    await go('admin/questions');
    const item = page.getByRole('region', { name: 'Question about Acceptable Use Policy' });
    await item.getByText('May I check my own email at lunchtime').waitFor();
    await item.getByLabel(/Your answer to Tia Teacher/).fill('Yes, at break and lunch, away from pupils.');
    await item.getByRole('button', { name: 'Send the answer' }).click();
    await toast('Answer sent').waitFor();
    await afterAction(page, 'question-answered');
    await page.getByRole('tab', { name: 'Answered' }).click();
    await waitForContent(page);
    await page
      .getByLabel(/The question as the FAQ shows it/)
      .fill('May staff check personal email on school laptops?');
    await page.getByRole('button', { name: 'Publish in the FAQ' }).click();
    await toast("Published in the policy's FAQ").waitFor();
    await page.getByText('In the FAQ').waitFor();
    await afterAction(page, 'faq-published');
    expect(await seriousViolations(page)).toEqual([]);

    const reader = await tab().newPage();
    await signIn(tab(), reader, tia.oid, `my-policies/${aup.policyId.toString()}/${aup.current.toString()}`);
    await waitForContent(reader);
    const faq = reader.getByRole('region', { name: 'Questions and answers' });
    await faq.getByText('May staff check personal email on school laptops?').waitFor();
    expect(await faq.getByText('Yes, at break and lunch, away from pupils.').count()).toBe(1);
    expect(await faq.getByText('Tia').count()).toBe(0);
    await reader.getByRole('radio', { name: 'A concern' }).check();
    await reader
      .getByLabel('What would you like to ask?')
      .fill('The filter blocks the science videos we need.');
    await reader.getByRole('button', { name: 'Send the concern' }).click();
    await toastTitled(reader, 'Your concern was sent').waitFor();
    await afterAction(reader, 'concern-sent');
    expect(await seriousViolations(reader)).toEqual([]);
    expect(tab().pageErrors).toEqual([]);
  });
});
