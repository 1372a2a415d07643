import type { Page } from 'playwright-core';
import type { Types } from 'mongoose';
import { createDraftVersion } from '../../src/policies/store';
import { rebuildComplianceSummaries } from '../../src/compliance/store';
import { daysAgo, seeder, type SeededPerson } from '../compliance/seed';
import {
  afterAction,
  screenshot,
  seriousViolations,
  signIn,
  toastTitled,
  useTab,
  waitForContent as waitForPage,
} from './harness';

const firstNames = [
  'Amara',
  'Ben',
  'Chloe',
  'Dev',
  'Ella',
  'Finn',
  'Grace',
  'Harry',
  'Isla',
  'Jack',
  'Keira',
  'Leo',
  'Maya',
  'Noah',
];
const departments = ['Maths', 'English', 'Science', 'Humanities', undefined];

describe('the tab in a browser', () => {
  // Page loads on a shared, busy machine can take many seconds; nothing here waits for a fixed time.
  jest.setTimeout(180_000);
  const tab = useTab();
  const people: Record<string, SeededPerson> = {};
  let aup: { policyId: Types.ObjectId; current: Types.ObjectId; draft: Types.ObjectId };
  let virus: Types.ObjectId;
  let breach: Types.ObjectId;
  let page: Page;

  beforeAll(async () => {
    const { models, tenantId, connector } = tab();
    const seed = seeder(models, tenantId);
    const northHill = await seed.school('North Hill School', 'NHS');
    const southVale = await seed.school('South Vale Academy', 'SVA');
    const add = async (name: string, schoolId: string, department?: string, jobTitle = 'Teacher') => {
      const person = await seed.person(name, {
        memberships: [{ schoolId, audience: 'staff' }],
        jobTitle,
        serviceUrl: connector.url,
        ...(department ? { department } : {}),
      });
      people[name] = person;
      return person;
    };
    await add('Ivy Tech', northHill, 'IT', 'IT manager');
    await add('Cal Clark', northHill, 'English');
    await add('Tia Teacher', northHill, 'Maths');
    const staff: SeededPerson[] = [];
    for (const [i, first] of firstNames.entries()) {
      staff.push(
        await add(
          `${first} ${i % 2 ? 'Hughes' : 'Patel'}`,
          i < 9 ? northHill : southVale,
          departments[i % departments.length],
        ),
      );
    }
    await seed.role(people['Ivy Tech']!, 'it_manager', null);
    await seed.role(people['Ivy Tech']!, 'trust_admin', null);
    await seed.role(people['Ivy Tech']!, 'dpo', null);

    const policyId = await seed.policy('Acceptable Use Policy', { audiences: ['staff'] });
    const first = await seed.publish(policyId, '2025.1', { publishedAt: daysAgo(40) });
    for (const person of staff.slice(0, 3)) await seed.sign(person, first, daysAgo(38));
    const current = await seed.publish(policyId, '2025.2', {
      publishedAt: daysAgo(12),
      dueDays: 10,
      accepts: [first],
    });
    await seed.campaign(
      current,
      [people['Cal Clark']!, people['Tia Teacher']!, ...staff.slice(3)].map((person) => ({
        person,
        dueAt: daysAgo(2),
      })),
    );
    for (const [i, person] of staff.slice(3, 11).entries()) await seed.sign(person, current, daysAgo(11 - i));
    await seed.sign(people['Ivy Tech']!, current, daysAgo(10));
    const draft = await createDraftVersion(
      models,
      { _id: policyId, tenantId },
      {
        label: '2026.1',
        bodyMarkdown:
          '# Acceptable Use Policy\n\n## Passwords\n\n- Keep your password to yourself.\n- Lock your screen when you leave it.\n\n## Email\n\nUse your school account for school business.',
        keyPoints: ['Keep your password private', 'Lock your screen', 'Use school email for school business'],
        effectiveDate: new Date('2026-09-01'),
        reviewDate: new Date('2026-08-01'),
        nextReviewDate: new Date('2027-08-01'),
        dueDays: 14,
        material: true,
      },
      people['Ivy Tech']!.id,
    );
    aup = { policyId, current, draft: draft._id };

    const codeId = await seed.policy('ICT Code of Conduct', { audiences: ['staff'], schoolIds: [northHill] });
    const code = await seed.publish(codeId, '3', {
      publishedAt: daysAgo(400),
      dueDays: 14,
      nextReviewDate: daysAgo(20),
    });
    for (const person of staff.slice(0, 6)) await seed.sign(person, code, daysAgo(390));
    const reported = (hoursAgo: number) => new Date(Date.now() - hoursAgo * 3_600_000);
    const [virusReport, breachReport] = await models.Incident.create([
      {
        tenantId,
        reference: 'INC-2026-0001',
        type: 'virus',
        status: 'new',
        schoolId: northHill,
        reporterId: people['Cal Clark']!.id,
        handlingRole: 'ict_helpdesk',
        fields: {
          device: 'Classroom laptop',
          whatHappened: 'Pop-ups everywhere and the files have odd names',
        },
        reportedAt: reported(3),
        timeline: [{ at: reported(3), by: people['Cal Clark']!.id, what: 'reported' }],
      },
      {
        tenantId,
        reference: 'INC-2026-0002',
        type: 'data_breach',
        status: 'triaged',
        schoolId: southVale,
        reporterId: people['Tia Teacher']!.id,
        handlingRole: 'dpo',
        fields: { whatHappened: 'A spreadsheet of pupil names was emailed to the wrong parent' },
        reportedAt: reported(20),
        awareAt: reported(22),
        // The 24-hour reminder has gone to the DPO.
        breach: { deadlineAt: new Date(reported(22).getTime() + 72 * 3_600_000), remindersSent: [24] },
        timeline: [{ at: reported(20), by: people['Tia Teacher']!.id, what: 'reported' }],
      },
    ]);
    virus = virusReport!._id;
    breach = breachReport!._id;
    // The seed writes the records directly, as an older database would hold them: the rebuild counts them.
    await rebuildComplianceSummaries(models, tenantId);
    page = await tab().newPage();
  });

  const waitForContent = () => waitForPage(page);
  const toast = (title: string) => toastTitled(page, title);
  const go = async (path: string) => {
    await page.goto(`${tab().app.url}/tab/${path}`);
    await waitForContent();
  };
  /**
   * Waits until the page is drawn in the theme: its background is dark in the dark theme and light
   * in the light one (so a theme that failed to apply fails the test, not checks the other twice).
   */
  const waitForTheme = async (theme: 'light' | 'dark') => {
    // Runs in the page, where the document exists (this file is typed for Node).
    type Dom = {
      document: { querySelector: (selector: string) => unknown };
      getComputedStyle: (element: unknown) => { backgroundColor: string };
    };
    await page.waitForFunction(
      (dark) => {
        const { document, getComputedStyle } = globalThis as unknown as Dom;
        const root = document.querySelector('.fui-FluentProvider > div');
        if (!root) return false;
        const [r = 0, g = 0, b = 0] = (getComputedStyle(root).backgroundColor.match(/\d+/g) ?? []).map(
          Number,
        );
        return dark === (r + g + b) / 3 < 128;
      },
      theme === 'dark',
      { timeout: 60_000 },
    );
  };

  it('signs the IT manager in through the OpenID issuer and shows the overview with the seeded figures', async () => {
    await signIn(tab(), page, people['Ivy Tech']!.oid, 'admin');
    await waitForContent();
    expect(new URL(page.url()).pathname).toBe('/tab/admin/overview');
    const card = page.getByRole('region', { name: /Acceptable Use Policy/ });
    await card.waitFor();
    // 17 staff; signed: 3 carried over from 2025.1, 8 on 2025.2 and Ivy.
    expect(await card.getByText('71%', { exact: true }).count()).toBe(1);
    expect(await card.getByText(/12 of 17 staff/).count()).toBe(1);
    const reviews = page.getByRole('group', { name: /due for review/ });
    expect(await reviews.getByText('A policy is due for review (1 overdue)').count()).toBe(1);
    expect(await reviews.getByRole('link', { name: 'ICT Code of Conduct' }).count()).toBe(1);
    // In the breakdown tables each number column's heading lines up with its numbers, on the right.
    const edges = await card.getByRole('table', { name: 'By school' }).evaluate((table) => {
      type Node = { textContent: string | null; childNodes: ArrayLike<Node> };
      type Doc = {
        createRange: () => {
          selectNodeContents: (n: Node) => void;
          getBoundingClientRect: () => { right: number };
        };
      };
      const { document } = globalThis as unknown as { document: Doc };
      const textRight = (cell: Node) => {
        const range = document.createRange();
        range.selectNodeContents(cell);
        return Math.round(range.getBoundingClientRect().right);
      };
      const t = table as unknown as { querySelectorAll: (s: string) => ArrayLike<Node> };
      const heads = Array.from(t.querySelectorAll('thead th'));
      const cells = Array.from(t.querySelectorAll('tbody tr:first-child td'));
      return heads.slice(1).map((head, i) => [textRight(head), textRight(cells[i + 1]!)]);
    });
    expect(edges).toHaveLength(3);
    for (const [heading, number] of edges) expect(Math.abs(heading! - number!)).toBeLessThanOrEqual(2);
  });

  it('reminds one outstanding person, and the card goes out to them in Teams', async () => {
    // As the overdue summary card links to it.
    await go(`admin?page=outstanding&version=${aup.current.toString()}`);
    expect(new URL(page.url()).pathname).toBe('/tab/admin/outstanding');
    const row = page.getByRole('row', { name: /Cal Clark/ });
    expect(await row.getByText(/Overdue/).count()).toBe(1);
    expect(await row.getByText('1 reminder', { exact: true }).count()).toBe(0);
    await page.getByRole('button', { name: 'Remind Cal Clark' }).click();
    await toast('1 reminder queued').waitFor();
    expect(tab().connector.cardsFor(`a:${people['Cal Clark']!.oid}`)).toHaveLength(1);
    // The list is read again: Cal's row counts the reminder just sent.
    await row.getByText('1 reminder', { exact: true }).waitFor();
    await afterAction(page, 'remind');
  });

  it('saves a draft, refusing a label already taken, and shows the saved draft and its card', async () => {
    await go(`admin/policies/${aup.policyId.toString()}/versions/${aup.draft.toString()}`);
    const preview = page.getByRole('group', { name: 'Preview of the policy card' });
    await preview.getByText('Keep your password private').waitFor();
    await page.getByRole('button', { name: 'Edit draft' }).click();
    await page.getByLabel('Version label').fill('2025.2');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page
      .getByText(/already has a version labelled "2025\.2"/)
      .first()
      .waitFor();
    await afterAction(page, 'refused-draft');
    expect((await tab().models.PolicyVersion.findById(aup.draft).lean())?.label).toBe('2026.1');
    await page.getByLabel('Version label').fill('2026.1');
    const points = page.getByLabel('Key points for the card');
    await points.fill(`${await points.inputValue()}\nReport a lost device at once`);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await toast('Draft saved').waitFor();
    // The version is read again, and its card drawn again, with the new key point.
    await preview.getByText('Report a lost device at once').waitFor();
    await afterAction(page, 'save-draft');
    expect((await tab().models.PolicyVersion.findById(aup.draft).lean())?.keyPoints).toContain(
      'Report a lost device at once',
    );
  });

  it('previews the card of a draft and publishes it, then follows its campaign', async () => {
    await go(`admin/policies/${aup.policyId.toString()}/versions/${aup.draft.toString()}`);
    const preview = page.getByRole('group', { name: 'Preview of the policy card' });
    await preview.getByText('Keep your password private').waitFor();
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByRole('button', { name: 'Publish and send' }).click();
    await page.waitForURL(/\/tab\/admin\/campaigns\/[0-9a-f]{24}$/);
    await waitForContent();
    await page.getByRole('heading', { name: 'Campaign' }).waitFor();
    expect(await page.getByText('Cards sent').count()).toBe(1);
    const version = await tab().models.PolicyVersion.findById(aup.draft).lean();
    expect(version?.status).toBe('published');
    // The policy now shows 2026.1 as its current version and 2025.2 as replaced.
    await go(`admin/policies/${aup.policyId.toString()}`);
    const versions = page.getByRole('table', { name: 'Versions' });
    await versions
      .getByRole('row', { name: /2026\.1/ })
      .getByText('Current')
      .waitFor();
    expect(
      await versions
        .getByRole('row', { name: /2025\.2/ })
        .getByText('Replaced')
        .count(),
    ).toBe(1);
  });

  it('shows the 72-hour clock on a data breach, and claims an incident from the queue', async () => {
    await go('admin/incidents');
    expect(
      await page
        .getByRole('row', { name: /INC-2026-0002/ })
        .getByText(/^(49|50) h left to tell the ICO$/)
        .count(),
    ).toBe(1);
    await go(`admin/incidents/${breach.toString()}`);
    await page.getByText('Reminders sent to the DPO: 1', { exact: true }).waitFor();
    await go('admin/incidents');
    await page.getByRole('link', { name: 'INC-2026-0001' }).click();
    await page.getByRole('button', { name: 'Claim' }).click();
    await toast('You are handling this incident').waitFor();
    await afterAction(page, 'claim');
    await page.getByText('Taken on').waitFor();
    const claimed = await tab().models.Incident.findById(virus).lean();
    expect(claimed?.ownerId?.toString()).toBe(people['Ivy Tech']!.id.toString());
  });

  it("changes the status and adds a comment, keeping a refused comment's text, with the page still in view while each toast shows", async () => {
    await go(`admin/incidents/${virus.toString()}`);
    await page.getByRole('combobox', { name: 'Move to' }).click();
    await page.getByRole('option', { name: 'In progress' }).click();
    await page.getByLabel('Message to the reporter (optional)').fill('Someone from IT is on the way.');
    await page.getByRole('button', { name: 'Change status' }).click();
    await toast('Status: In progress').waitFor();
    await afterAction(page, 'status-change');
    // A note begun in the status form survives a comment added meanwhile.
    await page.getByLabel('Note for the record (optional)').fill('Half-written note');
    // A refused comment (longer than the server takes) keeps every character typed, and says why.
    const tooLong = `Checked the other laptops. ${'x'.repeat(4_000)}`;
    await page.getByLabel('Comment').fill(tooLong);
    await page.getByRole('button', { name: 'Add comment' }).click();
    await toast('That did not work').waitFor();
    await afterAction(page, 'refused-comment');
    expect(await page.getByLabel('Comment').inputValue()).toBe(tooLong);
    await page.getByLabel('Comment').fill('Checked the other laptops in the room too.');
    await page.getByRole('button', { name: 'Add comment' }).click();
    await toast('Comment added').waitFor();
    await afterAction(page, 'comment');
    expect(await page.getByLabel('Note for the record (optional)').inputValue()).toBe('Half-written note');
    const handled = await tab().models.Incident.findById(virus).lean();
    expect(handled?.status).toBe('in_progress');
  });

  it('shows every page in light and dark, with no serious or critical accessibility violation', async () => {
    const pages = [
      ['overview', 'admin/overview'],
      ['outstanding', `admin/outstanding?version=${aup.current.toString()}`],
      ['policies', 'admin/policies'],
      ['policy', `admin/policies/${aup.policyId.toString()}`],
      ['version', `admin/policies/${aup.policyId.toString()}/versions/${aup.current.toString()}`],
      ['incidents', 'admin/incidents'],
      ['incident', `admin/incidents/${virus.toString()}`],
      ['people', 'admin/people'],
      ['evidence', 'admin/evidence'],
      ['my-policies', 'my-policies'],
      ['my-reports', 'my-reports'],
    ];
    // Each page is loaded once and checked in both themes: the tab follows the system's colour
    // scheme as it changes (the browser's emulated one here), so the second theme needs no reload.
    // Pages alternate which theme comes first, so each is also checked as first drawn in either.
    const problems: string[] = [];
    let theme: 'light' | 'dark' = 'light';
    await page.emulateMedia({ colorScheme: theme });
    for (const [name, path] of pages) {
      await go(path!);
      for (const step of ['as loaded', 'switched'] as const) {
        if (step === 'switched') {
          theme = theme === 'light' ? 'dark' : 'light';
          await page.emulateMedia({ colorScheme: theme });
        }
        await waitForTheme(theme);
        await screenshot(page, `${name!}-${theme}`);
        problems.push(...(await seriousViolations(page)).map((v) => `${name!} (${theme}): ${v}`));
      }
    }
    expect(problems).toEqual([]);
    expect(tab().pageErrors).toEqual([]);
    // 11 page loads, each checked by axe twice: on a busy 2-core machine this takes a minute or more.
  }, 240_000);

  it('lets a member of staff read a policy in full and sign it in the tab', async () => {
    const staffPage = await tab().newPage();
    // The card's "Read the full policy" link, for the version published above.
    await signIn(tab(), staffPage, people['Tia Teacher']!.oid, `my-policies?version=${aup.draft.toString()}`);
    await staffPage.getByRole('heading', { name: 'Passwords' }).waitFor();
    expect(new URL(staffPage.url()).pathname).toBe(
      `/tab/my-policies/${aup.policyId.toString()}/${aup.draft.toString()}`,
    );
    await staffPage.getByLabel('Your job title').fill('Maths teacher');
    await staffPage.getByLabel(/I have read version/).check();
    await staffPage.getByRole('button', { name: 'Sign', exact: true }).click();
    await staffPage.getByText('Thank you: you have signed').waitFor();
    await afterAction(staffPage, 'sign');
    const signature = await tab()
      .models.Acknowledgement.findOne({ personId: people['Tia Teacher']!.id })
      .lean();
    expect(signature).toMatchObject({ signedName: 'Tia Teacher', jobTitle: 'Maths teacher', via: 'tab' });
    // Coming back to a version already signed shows the signature, not a live form.
    await staffPage.reload();
    await staffPage.getByText('You have signed this policy').waitFor();
    expect(
      await staffPage.getByText(/Signed as Tia Teacher, Maths teacher on .* here in the tab\./).count(),
    ).toBe(1);
    expect(await staffPage.getByRole('button', { name: 'Sign', exact: true }).count()).toBe(0);
    await afterAction(staffPage, 'signed-version-reopened');
    await staffPage.close();
  });
});
