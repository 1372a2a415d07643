import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import type { Page } from 'playwright-core';
import { daysAgo, seeder, type SeededPerson } from '../compliance/seed';
import { afterAction, screenshot, seriousViolations, signIn, useTab } from './harness';

describe('data protection in the tab', () => {
  jest.setTimeout(180_000);
  const tab = useTab();
  const people: Record<string, SeededPerson> = {};
  let page: Page;

  beforeAll(async () => {
    const { models, tenantId } = tab();
    const seed = seeder(models, tenantId);
    const school = await seed.school('North Hill School', 'NHS');
    const add = async (name: string, active = true) => {
      people[name] = await seed.person(name, {
        memberships: [{ schoolId: school, audience: 'staff' }],
        active,
      });
      return people[name];
    };
    await seed.role(await add('Dana Officer'), 'dpo', null);
    await seed.role(await add('Tom Admin'), 'trust_admin', null);
    const leaver = await add('Lee Leaver', false);
    // Left a little under six years ago: anonymised within the coming month unless held.
    await models.Person.updateOne({ _id: leaver.id }, { $set: { deactivatedAt: daysAgo(6 * 365 - 10) } });
    const policyId = await seed.policy('Acceptable Use Policy', { audiences: ['staff'] });
    const version = await seed.publish(policyId, '2020.1', { publishedAt: daysAgo(7 * 365) });
    await seed.sign(leaver, version, daysAgo(7 * 365 - 5));
    page = await tab().newPage();
  });

  const waitForContent = async (on: Page) => {
    await on.locator('main#main').waitFor();
    type Dom = { document: { querySelectorAll: (selector: string) => { length: number } } };
    await on.waitForFunction(
      () => (globalThis as unknown as Dom).document.querySelectorAll('.fui-Spinner').length === 0,
      undefined,
      { timeout: 60_000 },
    );
  };
  const toast = (on: Page, title: string | RegExp) => on.locator('.fui-ToastTitle', { hasText: title });

  it('shows the DPO what goes next month, and the schedule with its sources', async () => {
    await signIn(tab(), page, people['Dana Officer']!.oid, 'admin/data-protection');
    await waitForContent(page);
    await page.getByRole('heading', { name: 'Data protection' }).waitFor();
    const due = page.getByRole('table', { name: 'Due in the coming month' });
    const directoryRow = due.getByRole('row', { name: /Directory entries of people who have left/ });
    expect(await directoryRow.getByText(/Lee Leaver/).count()).toBe(1);
    const schedule = page.getByRole('table', { name: 'Retention schedule' });
    expect(await schedule.getByRole('row', { name: /Concerns about a child.*25 years/ }).count()).toBe(1);
    expect(await schedule.getByText(/IRMS/).count()).toBeGreaterThanOrEqual(6);
    // The DPO does not change periods: that is the trust admin's.
    expect(await page.getByRole('button', { name: /Change how long/ }).count()).toBe(0);
    await screenshot(page, 'data-protection-dpo');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('lets the DPO place a legal hold on a person, which takes them out of what goes', async () => {
    await page.getByRole('button', { name: 'Place a legal hold' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: 'Person' }).click();
    await dialog.getByRole('combobox', { name: 'Person' }).pressSequentially('Lee');
    await page.getByRole('option', { name: /Lee Leaver/ }).click();
    await dialog
      .getByRole('textbox', { name: /Why the records must be kept/ })
      .fill('Employment tribunal claim');
    await dialog.getByRole('button', { name: 'Place hold' }).click();
    await toast(page, 'Lee Leaver is on legal hold').waitFor();
    const holds = page.getByRole('table', { name: 'Legal holds' });
    await holds.getByRole('row', { name: /Lee Leaver.*Employment tribunal claim/ }).waitFor();
    const due = page.getByRole('table', { name: 'Due in the coming month' });
    await due.getByRole('row', { name: /Directory entries.*1 on hold/ }).waitFor();
    await afterAction(page, 'legal-hold-placed');
    const hold = await tab().models.LegalHold.findOne({ active: true }).lean();
    expect(hold?.subject.id.toString()).toBe(people['Lee Leaver']!.id.toString());
  });

  it('gives the DPO the subject-access export of the person', async () => {
    const chooser = page.getByRole('region', { name: 'Subject-access request' });
    await chooser.getByRole('combobox', { name: 'Person' }).click();
    await chooser.getByRole('combobox', { name: 'Person' }).pressSequentially('Lee');
    await page.getByRole('option', { name: /Lee Leaver/ }).click();
    const downloading = page.waitForEvent('download');
    await chooser.getByRole('button', { name: 'Download the export' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(`subject-access-${people['Lee Leaver']!.id.toString()}.zip`);
    const zip = await JSZip.loadAsync(readFileSync(await download.path()));
    const data = JSON.parse(await zip.file('subject-access.json')!.async('string')) as {
      person: { displayName: string };
      collections: { collection: string }[];
    };
    expect(data.person.displayName).toBe('Lee Leaver');
    expect(data.collections.map((c) => c.collection)).toEqual(
      expect.arrayContaining(['people', 'acknowledgements', 'legal_holds']),
    );
    await toast(page, 'Everything held about Lee Leaver was downloaded').waitFor();
    await afterAction(page, 'subject-access-export');
  });

  it('lets the DPO lift the hold', async () => {
    await page.getByRole('button', { name: 'Lift the hold on Lee Leaver' }).click();
    await toast(page, 'The hold on Lee Leaver is lifted').waitFor();
    await page.getByText(/^No legal holds/).waitFor();
    await afterAction(page, 'legal-hold-lifted');
    expect(await tab().models.LegalHold.countDocuments({ active: true })).toBe(0);
  });

  it('lets the trust admin change how long a kind of record is kept', async () => {
    const admin = await tab().newPage();
    await signIn(tab(), admin, people['Tom Admin']!.oid, 'admin/data-protection');
    await waitForContent(admin);
    // The trust admin sees the schedule and the holds but does not place holds.
    expect(await admin.getByRole('button', { name: 'Place a legal hold' }).count()).toBe(0);
    await admin.getByRole('button', { name: 'Change how long: Cards sent to people who have left' }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByRole('spinbutton', { name: 'Months' }).fill('24');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await toast(admin, /Cards sent to people who have left: now kept 2 years/).waitFor();
    const schedule = admin.getByRole('table', { name: 'Retention schedule' });
    await schedule
      .getByRole('row', { name: /Cards sent to people who have left.*2 years \(default 1 year\)/ })
      .waitFor();
    await afterAction(admin, 'retention-period-changed');
    await admin.close();
  });
});
