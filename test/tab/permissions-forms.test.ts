import type { Page } from 'playwright-core';
import { seeder, type SeededPerson } from '../compliance/seed';
import { afterAction, signIn, toastTitled, useTab, waitForContent } from './harness';

/** The kinds of request edited by a trust admin, and staff asking permission with the tab's form. */
describe('permission forms in the tab', () => {
  // Page loads on a shared, busy machine can take many seconds; nothing here waits for a fixed time.
  jest.setTimeout(240_000);
  const tab = useTab();
  const people = {} as Record<'ada' | 'ivy' | 'hal' | 'sol' | 'cal' | 'tess', SeededPerson>;

  beforeAll(async () => {
    const { models, tenantId, connector } = tab();
    const seed = seeder(models, tenantId);
    const north = await seed.school('North Hill School', 'NHS');
    const south = await seed.school('South Vale School', 'SVS');
    const at = (...schoolIds: string[]) => ({
      memberships: schoolIds.map((schoolId) => ({ schoolId, audience: 'staff' as const })),
      serviceUrl: connector.url,
    });
    people.ada = await seed.person('Ada Admin', { ...at(north), jobTitle: 'Trust admin' });
    people.ivy = await seed.person('Ivy Tech', { ...at(north), jobTitle: 'IT manager' });
    people.hal = await seed.person('Hal Head', { ...at(north), jobTitle: 'Headteacher' });
    people.sol = await seed.person('Sol South', { ...at(south), jobTitle: 'Headteacher' });
    people.cal = await seed.person('Cal Clark', at(north));
    people.tess = await seed.person('Tess Twoschools', at(north, south));
    await seed.role(people.ada, 'trust_admin', null);
    await seed.role(people.ivy, 'it_manager', null);
    await seed.role(people.hal, 'headteacher', north);
    await seed.role(people.sol, 'headteacher', south);
    // Published to staff and signed by nobody: a kind that needs it signed is refused until it is.
    const aup = await seed.policy('Staff AUP', { audiences: ['staff'] });
    await seed.publish(aup, 'v1', { publishedAt: new Date(Date.now() - 86_400_000) });
  });

  const cardsTo = (person: SeededPerson) => tab().connector.cardsFor(`a:${person.oid}`);
  /** A day to come, as a date field takes it. */
  const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  const choose = async (page: Page, label: string, option: string) => {
    await page.getByRole('combobox', { name: label }).click();
    await page.getByRole('option', { name: option, exact: true }).click();
  };

  describe('the kinds of request', () => {
    let page: Page;
    beforeAll(async () => {
      page = await tab().newPage();
      await signIn(tab(), page, people.ada.oid, 'admin/permissions');
    });
    afterAll(() => page.close());
    const question = (n: number) => page.getByRole('group', { name: `Question ${n}` });
    const problems = () => page.getByRole('list', { name: 'What to fix' });

    it('opens from the register for the trust admin, and refuses a new kind saying which question needs what', async () => {
      await waitForContent(page);
      await page.getByRole('link', { name: 'Kinds of request' }).click();
      await page.getByRole('heading', { name: 'Kinds of permission request' }).waitFor();
      await waitForContent(page);
      await page.getByRole('button', { name: 'Installing software or hardware' }).waitFor();
      await page.getByRole('button', { name: 'Add a kind' }).click();
      await page.getByLabel(/^Id/).fill('lab_booking');
      await page.getByLabel(/^Name/).fill('Booking the computer lab');
      // No description, no question written out, and a "from" question answered with text (the form
      // leaves every check to the server, which names the question).
      await question(2).getByLabel('Key').fill('from');
      await page.getByRole('button', { name: 'Add this kind' }).click();
      await problems().waitFor();
      await afterAction(page, 'permission-kinds-refused');
      const listed = await problems().getByRole('listitem').allTextContents();
      expect(listed).toEqual(
        expect.arrayContaining([
          'What it covers: say in a line what it covers',
          'Question 1 (What), the question as asked: write the question as it is asked',
          'Question 2 (Why), the question as asked: write the question as it is asked',
          'Question 2 (Why), answered with: the "from" question must be answered with a day',
        ]),
      );
      // Beside the field too.
      await question(1).getByText('write the question as it is asked').waitFor();
      expect(await tab().models.PermissionSettings.countDocuments({})).toBe(0);
    });

    it('adds the kind once it is right, and changes another: staff are asked the new questions', async () => {
      await page.getByLabel('What it covers').fill('Using the computer lab outside your timetable.');
      await question(1).getByLabel('The question as asked').fill('Which lesson or club, and which day?');
      await question(2).getByLabel('Key').fill('why');
      await question(2).getByLabel('The question as asked').fill('Why do you need the lab?');
      await page.getByRole('button', { name: 'Add this kind' }).click();
      await toastTitled(page, 'Saved: Booking the computer lab').waitFor();
      await afterAction(page, 'permission-kinds-added');
      await page.getByRole('button', { name: 'Booking the computer lab' }).waitFor();
      // The device kind now needs the AUP signed first.
      await page.getByRole('button', { name: 'Using your own device' }).click();
      await choose(page, 'Policy to sign first', 'Staff AUP');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await toastTitled(page, 'Saved: Using your own device').waitFor();
      const stored = await tab().models.PermissionSettings.findOne({}).lean();
      const kinds = stored!.kinds as { id: string; requiresSignedPolicyId: string | null }[];
      expect(kinds.map((k) => k.id)).toContain('lab_booking');
      expect(kinds.find((k) => k.id === 'personal_device')!.requiresSignedPolicyId).toMatch(/^[0-9a-f]{24}$/);
      const audited = await tab()
        .models.AuditEvent.find({ action: /^permission\.kind_/ })
        .sort({ seq: 1 })
        .lean();
      expect(audited.map((e) => [e.action, e.subject?.id])).toEqual([
        ['permission.kind_added', 'lab_booking'],
        ['permission.kind_changed', 'personal_device'],
      ]);
    });

    it('is neither offered nor open to an IT manager', async () => {
      const it = await tab().newPage();
      await signIn(tab(), it, people.ivy.oid, 'admin/permissions');
      await waitForContent(it);
      await it.getByRole('button', { name: 'Download CSV' }).waitFor();
      expect(await it.getByRole('link', { name: 'Kinds of request' }).count()).toBe(0);
      await it.goto(`${tab().app.url}/tab/admin/permissions/kinds`);
      await waitForContent(it);
      await it.getByText('Only a trust admin changes the kinds of permission request').waitFor();
      await afterAction(it, 'permission-kinds-not-admin');
      await it.close();
    });
  });

  describe('asking permission', () => {
    /** The form as `person` opens it, with the kind of request chosen. */
    const askFor = async (person: SeededPerson, kind: string): Promise<Page> => {
      const page = await tab().newPage();
      await signIn(tab(), page, person.oid, 'ask-permission');
      await page.getByRole('heading', { name: 'Ask permission' }).waitFor();
      await waitForContent(page);
      await choose(page, 'What do you need permission for?', kind);
      return page;
    };

    it('sends a request from the form to the approvers, after saying beside each question what to change', async () => {
      const page = await askFor(people.cal, 'Installing software or hardware');
      await page.getByLabel(/What do you want to install/).fill('Zoom on my classroom laptop');
      await page.getByLabel(/From which day/).fill('2020-01-06');
      await page.getByRole('button', { name: 'Send request' }).click();
      await page.getByText('What to change is shown beside each question.').waitFor();
      await afterAction(page, 'ask-permission-refused-answers');
      await page.getByText('Please type an answer.').waitFor();
      await page.getByText('That day has passed: please give today or a day to come.').waitFor();
      expect(await tab().models.PermissionRequest.countDocuments({})).toBe(0);

      await page.getByLabel(/What is it for/).fill('Calls with parents');
      await page.getByLabel(/From which day/).fill(inDays(3));
      await page.getByRole('button', { name: 'Send request' }).click();
      await page.getByText(/Your request is in: PRM-\d{4}-0001/).waitFor();
      await afterAction(page, 'ask-permission-sent');
      await page.getByText('Sent to: IT manager, North Hill School.').waitFor();
      const request = await tab().models.PermissionRequest.findOne({}).lean();
      expect(request).toMatchObject({ kind: 'install_software', status: 'pending' });
      expect(request!.answers.map((a) => a.value)).toEqual([
        'Zoom on my classroom laptop',
        'Calls with parents',
        expect.stringMatching(/ \d{4}$/),
      ]);
      // The IT manager has the card to decide it in Teams.
      expect(JSON.stringify(cardsTo(people.ivy))).toContain('Zoom on my classroom laptop');
      await page.close();
    });

    it('refuses a kind that needs the AUP signed first, saying so, and sends nothing', async () => {
      const page = await askFor(people.cal, 'Using your own device');
      await page.getByLabel(/Which device/).fill('My iPad, for school email');
      await page.getByLabel(/rather than a school one/).fill('My laptop is being repaired');
      await page.getByLabel(/From which day/).fill(inDays(1));
      await page.getByLabel(/personal data/).fill('none');
      await page.getByRole('button', { name: 'Send request' }).click();
      await page
        .getByText(/Before asking for this, please sign the current version of "Staff AUP"/)
        .waitFor();
      await afterAction(page, 'ask-permission-needs-aup');
      expect(await tab().models.PermissionRequest.countDocuments({ kind: 'personal_device' })).toBe(0);
      await page.close();
    });

    it('asks a person in two schools which one it is for, and sends it to that school only', async () => {
      const page = await askFor(people.tess, 'Personal use of school ICT');
      await page.getByLabel(/What would you like to use/).fill('The staff room PC to book a course');
      await page.getByLabel(/Why do you need to use school equipment/).fill('My home computer is broken');
      await page.getByLabel(/From which day/).fill(inDays(2));
      await page.getByRole('button', { name: 'Send request' }).click();
      await page.getByText('Choose which of your schools this request is for.').waitFor();
      await afterAction(page, 'ask-permission-which-school');
      await choose(page, 'For which school?', 'South Vale School');
      await page.getByRole('button', { name: 'Send request' }).click();
      await page.getByText('Sent to: Headteacher, South Vale School.').waitFor();
      await afterAction(page, 'ask-permission-sent-south');
      expect(JSON.stringify(cardsTo(people.sol))).toContain('The staff room PC to book a course');
      expect(JSON.stringify(cardsTo(people.hal))).not.toContain('The staff room PC to book a course');
      await page.close();
      expect(tab().pageErrors).toEqual([]);
    });
  });
});
