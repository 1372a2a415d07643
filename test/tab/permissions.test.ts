import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { createPermissions, type Permissions } from '../../src/permissions/module';
import { fakeClock, fakeJobs } from '../incidents/fake-jobs';
import { seeder, type SeededPerson } from '../compliance/seed';
import { afterAction, signIn, toastTitled, useTab, waitForContent } from './harness';

describe('permission requests in the tab', () => {
  // Page loads on a shared, busy machine can take many seconds; nothing here waits for a fixed time.
  jest.setTimeout(240_000);
  const tab = useTab();
  const people = {} as Record<'ada' | 'ivy' | 'hal' | 'cal' | 'dee', SeededPerson>;
  const ids: Record<string, string> = {};
  let page: Page;
  let permissions: Permissions;

  /** Asks through the same use cases as the chat, at the day given, answering each question in turn. */
  const ask = async (who: keyof typeof people, kind: string, at: string, answers: string[]) => {
    clock.set(new Date(at));
    const person = (await tab().models.Person.findById(people[who].id).lean())!;
    await permissions.asking.start(person, kind);
    for (const answer of answers)
      await permissions.asking.answer((await permissions.asking.current(person))!, answer);
    const { request } = await permissions.asking.submit(person, (await permissions.asking.current(person))!);
    return request;
  };
  const clock = fakeClock(new Date('2026-11-02T09:00:00Z'));

  beforeAll(async () => {
    const { models, tenantId, connector } = tab();
    permissions = createPermissions({
      config: { reminders: { timeZone: 'Europe/London' } } as never,
      models,
      jobs: fakeJobs(clock),
      notifier: { send: () => Promise.resolve({ status: 'sent', activityId: undefined, attempts: 1 }) },
      signedCurrent: () => Promise.resolve(undefined),
      now: clock.now,
    });
    const seed = seeder(models, tenantId);
    const north = await seed.school('North Hill School', 'NHS');
    const south = await seed.school('South Vale School', 'SVS');
    const at = (schoolId: string) => ({
      memberships: [{ schoolId, audience: 'staff' as const }],
      serviceUrl: connector.url,
    });
    people.ada = await seed.person('Ada Admin', { ...at(north), jobTitle: 'Trust admin' });
    people.ivy = await seed.person('Ivy Tech', { ...at(north), jobTitle: 'IT manager' });
    people.hal = await seed.person('Hal Head', { ...at(north), jobTitle: 'Headteacher' });
    people.cal = await seed.person('Cal Clark', at(north));
    people.dee = await seed.person('Dee Dale', at(south));
    await seed.role(people.ada, 'trust_admin', null);
    await seed.role(people.ivy, 'it_manager', null);
    await seed.role(people.hal, 'headteacher', north);

    const zoom = await ask('cal', 'install_software', '2026-11-02T09:00:00Z', [
      'Zoom on my classroom laptop',
      'Calls with parents',
      'today',
      '18/12/2026',
    ]);
    ids.zoom = zoom.id;
    const ivy = (await models.Person.findById(people.ivy.id).lean())!;
    await permissions.decide(ivy, zoom.id, {
      outcome: 'approved_with_conditions',
      reason: 'Needed for parents evening',
      conditions: 'Only the version from the school portal',
    });
    const sen = await ask('cal', 'data_off_site', '2026-11-10T09:00:00Z', [
      'The SEN files',
      'To write reports at home',
      'today',
      'skip',
      'Reports for 12 pupils in year 5',
    ]);
    ids.sen = sen.id;
    const hal = (await models.Person.findById(people.hal.id).lean())!;
    await permissions.decide(hal, sen.id, { outcome: 'declined', reason: 'Use the remote desktop instead' });
    const ipad = await ask('dee', 'personal_device', '2026-11-20T09:00:00Z', [
      'My iPad, for school email',
      'My laptop is being repaired',
      'today',
      'skip',
      'none',
    ]);
    ids.ipad = ipad.id;
    page = await tab().newPage();
    await signIn(tab(), page, people.ada.oid, 'admin/permissions');
  });

  const rows = () => page.getByRole('row').filter({ hasText: /PRM-2026-/ });
  const references = async () =>
    (await rows().allTextContents()).map((text) => /PRM-2026-\d{4}/.exec(text)?.[0]);
  /** Waits until the table lists exactly these references (the filters answer through the API). */
  const shows = async (expected: string[]) => {
    await waitForContent(page);
    await page.waitForFunction(
      (count) =>
        (
          globalThis as unknown as { document: { querySelectorAll: (s: string) => { length: number } } }
        ).document.querySelectorAll('tr a[href*="/tab/admin/permissions/"]').length === count,
      expected.length,
      { timeout: 60_000 },
    );
    expect(await references()).toEqual(expected);
  };
  const choose = async (label: string, option: string) => {
    await page.getByRole('combobox', { name: label }).click();
    await page.getByRole('option', { name: option, exact: true }).click();
  };

  describe('the register', () => {
    it('lists every request for the trust admin, newest first, and filters by each of its filters', async () => {
      await waitForContent(page);
      await shows(['PRM-2026-0003', 'PRM-2026-0002', 'PRM-2026-0001']);
      await afterAction(page, 'permissions-register');
      expect(await rows().nth(0).textContent()).toContain('Waiting for a decision');
      expect(await rows().nth(0).textContent()).toContain('South Vale School');

      await choose('Status', 'Declined');
      await shows(['PRM-2026-0002']);
      await afterAction(page, 'permissions-register-declined');
      await choose('Status', 'Any status');
      await choose('Kind', 'Installing software or hardware');
      await shows(['PRM-2026-0001']);
      await choose('Kind', 'Every kind');
      await choose('School', 'South Vale School');
      await shows(['PRM-2026-0003']);
      await afterAction(page, 'permissions-register-school');
      await choose('School', 'All schools');
      await shows(['PRM-2026-0003', 'PRM-2026-0002', 'PRM-2026-0001']);

      await page.getByRole('combobox', { name: 'Person' }).click();
      await page.getByRole('combobox', { name: 'Person' }).pressSequentially('Cal');
      await page.getByRole('option', { name: 'Cal Clark' }).click();
      await shows(['PRM-2026-0002', 'PRM-2026-0001']);
      await afterAction(page, 'permissions-register-person');
      await page.getByLabel('Asked from').fill('2026-11-05');
      await shows(['PRM-2026-0002']);
      await page.getByLabel('Asked until').fill('2026-11-09');
      await page.getByText('No requests here').waitFor();
      await afterAction(page, 'permissions-register-empty');
      await page.getByRole('button', { name: 'Clear filters' }).click();
      await shows(['PRM-2026-0003', 'PRM-2026-0002', 'PRM-2026-0001']);
      expect(await page.getByRole('combobox', { name: 'Person' }).inputValue()).toBe('');
    });

    it('downloads the register as CSV, filtered as shown', async () => {
      await choose('Status', 'Approved');
      await shows(['PRM-2026-0001']);
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Download CSV' }).click();
      const file = await (await download).path();
      await toastTitled(page, 'The register was downloaded').waitFor();
      await afterAction(page, 'permissions-register-csv');
      const csv = readFileSync(file, 'utf8');
      expect(csv.split(/\r?\n/).filter(Boolean)).toHaveLength(2);
      expect(csv).toContain('PRM-2026-0001');
      expect(csv).toContain('Only the version from the school portal');
      expect(csv).not.toContain('PRM-2026-0002');
      const exported = await tab().models.AuditEvent.countDocuments({
        tenantId: tab().tenantId,
        action: 'permission.register_exported',
      });
      expect(exported).toBe(1);
    });

    it('opens a request: its answers, the decision with reason and conditions, and its history', async () => {
      await page.getByRole('link', { name: 'PRM-2026-0001' }).click();
      await page.getByRole('heading', { name: /PRM-2026-0001: Installing software or hardware/ }).waitFor();
      await waitForContent(page);
      await afterAction(page, 'permissions-request-opened');
      const main = page.locator('main');
      for (const text of [
        'Zoom on my classroom laptop',
        'Calls with parents',
        'Approved with conditions',
        'Needed for parents evening',
        'Only the version from the school portal',
        'Ivy Tech',
        'Friday 18 December 2026',
      ])
        await main.getByText(text).first().waitFor();
      const history = await page.getByRole('listitem').allTextContents();
      expect(history[0]).toContain('Asked');
      expect(history[0]).toContain('Cal Clark');
      expect(history.some((line) => line.includes('Sent to the approvers: 1 of 1 reached in Teams'))).toBe(
        true,
      );
      expect(
        history.some(
          (line) => line.includes('Decided: Approved with conditions') && line.includes('Ivy Tech'),
        ),
      ).toBe(true);
      expect(history.some((line) => line.includes('The person who asked was told of the decision'))).toBe(
        true,
      );
      await page.getByRole('link', { name: 'Back to the register' }).click();
      await shows(['PRM-2026-0003', 'PRM-2026-0002', 'PRM-2026-0001']);
    });

    it("shows a headteacher their own school's requests only, and refuses another school's", async () => {
      const head = await tab().newPage();
      await signIn(tab(), head, people.hal.oid, 'admin/permissions');
      const previous = page;
      page = head;
      try {
        await shows(['PRM-2026-0002', 'PRM-2026-0001']);
        await afterAction(page, 'permissions-register-headteacher');
        await page.goto(`${tab().app.url}/tab/admin/permissions/${ids.ipad}`);
        await waitForContent(page);
        await page.getByText('There is no such request in the register you can see.').waitFor();
        await afterAction(page, 'permissions-request-other-school');
      } finally {
        page = previous;
        await head.close();
      }
    });

    it('is not offered to staff, and refused with a reason if opened', async () => {
      const staff = await tab().newPage();
      await signIn(tab(), staff, people.cal.oid, 'admin/permissions');
      await waitForContent(staff);
      await staff.getByText('Not available to you').waitFor();
      await afterAction(staff, 'permissions-register-staff');
      expect(await staff.getByRole('tab', { name: 'Permissions' }).count()).toBe(0);
      expect(await staff.getByRole('row').count()).toBe(0);
      await staff.close();
      expect(tab().pageErrors).toEqual([]);
    });
  });
});
