import type { Types } from 'mongoose';
import type { ComplianceOverview, PolicyCompliance } from '../../src/compliance/overview';
import type { OutstandingPage } from '../../src/compliance/outstanding';
import { evidencePack } from '../../src/compliance/evidence';
import { rebuildComplianceSummaries } from '../../src/compliance/store';
import { loadActor } from '../../src/directory/sign-in';
import { useConductWithStandIns } from '../directory/app';
import { daysAgo, seeder, type SeededPerson } from './seed';

describe('the compliance API', () => {
  const conduct = useConductWithStandIns();
  const people: Record<string, SeededPerson> = {};
  let northHill: string;
  let southVale: string;
  let aup: { policyId: Types.ObjectId; current: Types.ObjectId };
  let code: Types.ObjectId;
  let visitors: Types.ObjectId;
  let headRole: Types.ObjectId;

  const call = async <T>(who: string, path: string) =>
    conduct().call<T>('GET', path, { token: await conduct().entra.tokenFor({ oid: people[who]!.oid }) });
  const overview = (who: string, query = '') =>
    call<ComplianceOverview>(who, `/api/compliance/overview${query}`);
  const outstanding = (who: string, query: string) =>
    call<OutstandingPage>(who, `/api/compliance/outstanding?${query}`);
  const policyNamed = (body: ComplianceOverview, title: string): PolicyCompliance =>
    body.policies.find((p) => p.title === title)!;

  beforeAll(async () => {
    const seed = seeder(conduct().models, conduct().tenantId);
    northHill = await seed.school('North Hill School', 'NHS');
    southVale = await seed.school('South Vale School', 'SVS');
    const staff = (schoolId: string, department?: string) => ({
      memberships: [{ schoolId, audience: 'staff' as const }],
      ...(department ? { department } : {}),
    });
    const add = async (name: string, options: Parameters<typeof seed.person>[1]) => {
      people[name] = await seed.person(name, options);
    };
    await add('Ivy Tech', { ...staff(northHill, 'IT'), jobTitle: 'IT manager' });
    await add('Hana Head', staff(northHill, 'Leadership'));
    await add('Amy Adams', staff(northHill, 'Maths'));
    await add('Ben Brown', staff(northHill, 'Maths'));
    await add('Cal Clark', staff(northHill, 'English'));
    await add('Dee Dunn', staff(northHill));
    await add('Tia Teacher', staff(northHill, '=SUM(A1)'));
    await add('Lou Leaver', { ...staff(northHill, 'Maths'), active: false });
    await add('Gil Governor', { memberships: [{ schoolId: northHill, audience: 'governor' }] });
    await add('Sam Head', staff(southVale));
    await add('Eve Evans', staff(southVale, 'Science'));
    await add('Fay Fox', staff(southVale, 'Science'));
    await add('Tara Trust', {});
    await add('Dora Safe', staff(northHill));
    for (let i = 0; i < 55; i += 1) {
      await add(`Visitor ${String(i).padStart(2, '0')}`, {
        memberships: [{ schoolId: southVale, audience: 'visitor' }],
      });
    }
    await seed.role(people['Ivy Tech']!, 'it_manager', null);
    headRole = await seed.role(people['Hana Head']!, 'headteacher', northHill);
    await seed.role(people['Sam Head']!, 'headteacher', southVale);
    await seed.role(people['Tara Trust']!, 'trust_leader', null);
    await seed.role(people['Dora Safe']!, 'dsl', northHill);

    const aupId = await seed.policy('Acceptable Use Policy', { audiences: ['staff'] });
    const first = await seed.publish(aupId, '2025.1', { publishedAt: daysAgo(20) });
    await seed.sign(people['Amy Adams']!, first, daysAgo(18));
    const current = await seed.publish(aupId, '2025.2', {
      publishedAt: daysAgo(5),
      dueDays: 14,
      accepts: [first],
    });
    aup = { policyId: aupId, current };
    await seed.campaign(current, [
      { person: people['Cal Clark']!, dueAt: daysAgo(2) },
      { person: people['Dee Dunn']!, dueAt: daysAgo(-9) },
    ]);
    await seed.sign(people['Ivy Tech']!, current, daysAgo(4), 'Ivy M. Tech');
    await seed.sign(people['Ben Brown']!, current, daysAgo(3));
    await seed.sign(people['Eve Evans']!, current, new Date());

    const codeId = await seed.policy('ICT Code of Conduct', {
      audiences: ['staff', 'governor'],
      schoolIds: [northHill],
    });
    code = await seed.publish(codeId, '1', {
      publishedAt: daysAgo(30),
      dueDays: 7,
      nextReviewDate: daysAgo(1),
    });
    await seed.sign(people['Gil Governor']!, code, daysAgo(29));

    const visitorId = await seed.policy('Visitor ICT Rules', {
      audiences: ['visitor'],
      schoolIds: [southVale],
    });
    visitors = await seed.publish(visitorId, 'v1', { publishedAt: daysAgo(1) });
    // The seed writes the records directly, as an older database would hold them: the rebuild counts them.
    await rebuildComplianceSummaries(conduct().models, conduct().tenantId);
  });

  describe('the overview', () => {
    it('counts signed, outstanding and overdue for the current version of each policy, trust-wide', async () => {
      const response = await overview('Ivy Tech');
      expect(response.status).toBe(200);
      const policy = policyNamed(response.body, 'Acceptable Use Policy');
      expect(policy).toMatchObject({
        label: '2025.2',
        policyVersionId: aup.current.toString(),
        pastReview: false,
        totals: { eligible: 11, signed: 4, outstanding: 7, overdue: 1 },
      });
      expect(policy.bySchool).toEqual([
        {
          schoolId: northHill,
          name: 'North Hill School',
          eligible: 8,
          signed: 3,
          outstanding: 5,
          overdue: 1,
        },
        {
          schoolId: southVale,
          name: 'South Vale School',
          eligible: 3,
          signed: 1,
          outstanding: 2,
          overdue: 0,
        },
      ]);
      expect(policy.byAudience).toEqual([
        { audience: 'staff', eligible: 11, signed: 4, outstanding: 7, overdue: 1 },
      ]);
      expect(policy.byDepartment.find((d) => d.department === 'Maths')).toMatchObject({
        eligible: 2,
        signed: 2,
      });
      expect(policy.byDepartment.at(-1)).toMatchObject({ department: null, eligible: 3, signed: 0 });
    });

    it('draws the trend since publication, with signatures carried over from the accepted version', async () => {
      const { trend } = policyNamed((await overview('Ivy Tech')).body, 'Acceptable Use Policy');
      expect(trend.carriedOver).toBe(1);
      expect(trend.days).toHaveLength(6);
      expect(trend.days.map((d) => d.signed)).toEqual([0, 1, 1, 0, 0, 1]);
      expect(trend.days.at(-1)?.cumulative).toBe(4);
    });

    it('lists a policy past its next-review date, and counts everyone unsigned after the due date as overdue', async () => {
      const { body } = await overview('Ivy Tech');
      expect(body.pastReview).toEqual([
        expect.objectContaining({ title: 'ICT Code of Conduct', label: '1', policyId: expect.any(String) }),
      ]);
      expect(policyNamed(body, 'ICT Code of Conduct')).toMatchObject({
        pastReview: true,
        totals: { eligible: 9, signed: 1, outstanding: 8, overdue: 8 },
        byAudience: [
          { audience: 'staff', eligible: 8, signed: 0, outstanding: 8, overdue: 8 },
          { audience: 'governor', eligible: 1, signed: 1, outstanding: 0, overdue: 0 },
        ],
      });
    });

    it('shows a headteacher only their own school, and leaves out policies for other schools', async () => {
      const north = await overview('Hana Head');
      expect(north.status).toBe(200);
      expect(north.body.schools.map((s) => s.name)).toEqual(['North Hill School']);
      expect(policyNamed(north.body, 'Acceptable Use Policy').totals).toEqual({
        eligible: 8,
        signed: 3,
        outstanding: 5,
        overdue: 1,
      });
      const south = await overview('Sam Head');
      expect(south.body.policies.map((p) => p.title)).toEqual(['Acceptable Use Policy', 'Visitor ICT Rules']);
      expect(policyNamed(south.body, 'Acceptable Use Policy').totals.eligible).toBe(3);
    });

    it('narrows a trust-wide view to one school on request', async () => {
      const { body } = await overview('Tara Trust', `?school=${southVale}`);
      expect(body.schools.map((s) => s.name)).toEqual(['South Vale School']);
      expect(policyNamed(body, 'Acceptable Use Policy').totals.eligible).toBe(3);
    });
  });

  describe('who is outstanding', () => {
    it('lists the people who have not signed, by name, with their school and due date', async () => {
      const response = await outstanding('Ivy Tech', `policyVersionId=${aup.current.toString()}`);
      expect(response.status).toBe(200);
      expect(response.body.total).toBe(7);
      expect(response.body.items.map((p) => p.displayName)).toEqual([
        'Cal Clark',
        'Dee Dunn',
        'Dora Safe',
        'Fay Fox',
        'Hana Head',
        'Sam Head',
        'Tia Teacher',
      ]);
      const cal = response.body.items[0]!;
      expect(cal).toMatchObject({
        overdue: true,
        schools: [{ id: northHill, name: 'North Hill School' }],
        audiences: ['staff'],
        department: 'English',
        delivery: { status: 'sent', remindersSent: 0, lastError: null },
      });
      expect(response.body.items.find((p) => p.displayName === 'Fay Fox')?.delivery).toBeNull();
    });

    it('filters by school, department, audience and name', async () => {
      const version = `policyVersionId=${aup.current.toString()}`;
      const names = async (query: string) =>
        (await outstanding('Ivy Tech', `${version}&${query}`)).body.items.map((p) => p.displayName);
      expect(await names(`school=${southVale}`)).toEqual(['Fay Fox', 'Sam Head']);
      expect(await names('department=(none)')).toEqual(['Dee Dunn', 'Dora Safe', 'Sam Head']);
      expect(await names('department=English')).toEqual(['Cal Clark']);
      expect(await names('q=head')).toEqual(['Hana Head', 'Sam Head']);
      expect(await names('audience=governor')).toEqual([]);
    });

    it('pages fifty at a time, keyed on the last name of the page, forwards and back', async () => {
      const version = `policyVersionId=${visitors.toString()}`;
      const first = await outstanding('Ivy Tech', version);
      expect(first.body).toMatchObject({ page: 1, pageSize: 50, total: 55, previous: null });
      expect(first.body.items).toHaveLength(50);
      const second = await outstanding('Ivy Tech', `${version}&page=2&after=${first.body.next!}`);
      expect(second.body).toMatchObject({ page: 2, pageSize: 50, total: 55, next: null });
      expect(second.body.items.map((p) => p.displayName)).toEqual([
        'Visitor 50',
        'Visitor 51',
        'Visitor 52',
        'Visitor 53',
        'Visitor 54',
      ]);
      const back = await outstanding('Ivy Tech', `${version}&before=${second.body.previous!}`);
      expect(back.body.items.map((p) => p.displayName)).toEqual(first.body.items.map((p) => p.displayName));
      expect(back.body.previous).toBeNull();
      const forged = await outstanding('Ivy Tech', `${version}&after=bm90LWEtY3Vyc29y`);
      expect(forged.status).toBe(400);
    });

    it('exports the list as CSV, with a byte-order mark and formulas neutralised', async () => {
      const response = await fetch(
        `${conduct().app.url}/api/compliance/outstanding?policyVersionId=${aup.current.toString()}&format=csv`,
        {
          headers: {
            authorization: `Bearer ${await conduct().entra.tokenFor({ oid: people['Ivy Tech']!.oid })}`,
          },
        },
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(response.headers.get('content-disposition')).toMatch(
        /^attachment; filename="outstanding-Acceptable-Use-Policy-2025\.2-\d{4}-\d\d-\d\d\.csv"$/,
      );
      const bytes = new Uint8Array(await response.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = new TextDecoder().decode(bytes.slice(3)).trim().split('\n');
      expect(lines[0]).toBe('Name,Email,Job title,Department,Schools,As,Due by,Overdue,Card');
      expect(lines).toHaveLength(8);
      expect(lines.find((l) => l.startsWith('Cal Clark'))).toMatch(
        /,English,North Hill School,staff,\d\d\/\d\d\/\d{4},Yes,sent$/,
      );
      expect(lines.find((l) => l.startsWith('Tia Teacher'))).toContain(",'=SUM(A1),");
    });

    it('answers 404 for a version that does not exist and 400 for a malformed query, naming the problem', async () => {
      const missing = await outstanding('Ivy Tech', `policyVersionId=${'0'.repeat(24)}`);
      expect(missing.status).toBe(404);
      expect(missing.body.error?.message).toBe('There is no published policy version with that id.');
      const malformed = await outstanding(
        'Ivy Tech',
        'policyVersionId=nope&audience=pupils&page=0&colour=red',
      );
      expect(malformed.status).toBe(400);
      expect(malformed.body.error?.details?.map((d) => d.path).sort()).toEqual([
        '(request)',
        'audience',
        'page',
        'policyVersionId',
      ]);
    });
  });

  describe('the compliance export', () => {
    it('has one line per person and current policy, with the name and job title they signed with', async () => {
      const response = await fetch(`${conduct().app.url}/api/compliance/export.csv?school=${northHill}`, {
        headers: {
          authorization: `Bearer ${await conduct().entra.tokenFor({ oid: people['Hana Head']!.oid })}`,
        },
      });
      expect(response.status).toBe(200);
      const lines = (await response.text())
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\n');
      expect(lines[0]).toBe(
        'Policy,Current version,Name,Email,Job title,Department,Schools,As,Status,Signed on,Signed as,Job title given,Version signed,Due by',
      );
      expect(lines).toHaveLength(1 + 8 + 9);
      const ivy = lines.find((l) => l.startsWith('Acceptable Use Policy,2025.2,Ivy Tech'));
      expect(ivy).toMatch(/,Signed,\d\d\/\d\d\/\d{4} \d\d:\d\d,Ivy M\. Tech,IT manager,2025\.2,/);
      expect(lines.find((l) => l.startsWith('Acceptable Use Policy,2025.2,Amy Adams'))).toContain(',Signed,');
      expect(lines.find((l) => l.startsWith('Acceptable Use Policy,2025.2,Amy Adams'))).toContain(',2025.1,');
    });
  });

  describe('the evidence pack', () => {
    it('is a PDF named after the policy and version', async () => {
      const response = await fetch(`${conduct().app.url}/api/evidence/${aup.current.toString()}.pdf`, {
        headers: {
          authorization: `Bearer ${await conduct().entra.tokenFor({ oid: people['Ivy Tech']!.oid })}`,
        },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      expect(response.headers.get('content-disposition')).toMatch(
        /filename="evidence-Acceptable-Use-Policy-2025\.2-/,
      );
      const body = Buffer.from(await response.arrayBuffer());
      expect(body.subarray(0, 5).toString()).toBe('%PDF-');
      expect(body.subarray(-6).toString()).toContain('%%EOF');
    });
  });

  it('puts in the pack every signature of the school, with the name and job title given, and who is still to sign', async () => {
    const { models, tenantId } = conduct();
    const actor = await loadActor(models, tenantId, people['Tara Trust']!.oid);
    const pack = await evidencePack(models, actor, aup.current.toString(), {
      now: new Date(),
      timeZone: 'Europe/London',
    });
    expect(pack).toMatchObject({
      title: 'Acceptable Use Policy',
      label: '2025.2',
      coverage: 'All schools of the trust',
    });
    expect(pack.signatures.map((s) => [s.signedName, s.jobTitle, s.versionLabel])).toEqual([
      ['Amy Adams', null, '2025.1'],
      ['Ivy M. Tech', 'IT manager', '2025.2'],
      ['Ben Brown', null, '2025.2'],
      ['Eve Evans', null, '2025.2'],
    ]);
    expect(pack.outstanding?.map((o) => o.displayName)).toHaveLength(7);
    const sam = await loadActor(models, tenantId, people['Sam Head']!.oid);
    const south = await evidencePack(models, sam, aup.current.toString(), {
      now: new Date(),
      timeZone: 'Europe/London',
    });
    expect(south.coverage).toBe('South Vale School');
    expect(south.signatures.map((s) => s.signedName)).toEqual(['Eve Evans']);
    expect(south.outstanding?.map((o) => o.displayName)).toEqual(['Fay Fox', 'Sam Head']);
  });

  describe('who may see it', () => {
    const version = () => `policyVersionId=${aup.current.toString()}`;

    it('refuses a request without a token, or with an expired, foreign, ID or scope-less token', async () => {
      const { entra } = conduct();
      const oid = people['Ivy Tech']!.oid;
      const attempts = [
        { token: undefined, status: 401, message: /no sign-in/ },
        { token: await entra.tokenFor({ oid }, { expiresInSeconds: -300 }), status: 401, message: /expired/ },
        {
          token: await entra.tokenFor({ oid, aud: 'api://another-app' }),
          status: 401,
          message: /another app/,
        },
        { token: await entra.idTokenFor({ oid }), status: 401, message: /ID\) token/ },
        { token: await entra.tokenFor({ oid, scp: 'User.Read' }), status: 403, message: /access_as_user/ },
      ];
      for (const attempt of attempts) {
        const response = await conduct().call(
          'GET',
          '/api/compliance/overview',
          attempt.token ? { token: attempt.token } : {},
        );
        expect({ status: response.status, message: response.body.error?.message }).toEqual({
          status: attempt.status,
          message: expect.stringMatching(attempt.message),
        });
      }
    });

    it('refuses people without a compliance role, a DSL included', async () => {
      for (const who of ['Tia Teacher', 'Dora Safe']) {
        const response = await overview(who);
        expect(response.status).toBe(403);
        expect(response.body.error?.message).toBe('You do not have a role that allows this.');
      }
    });

    it("refuses a headteacher another school's figures, list, export and evidence", async () => {
      const attempts = [
        await overview('Hana Head', `?school=${southVale}`),
        await outstanding('Hana Head', `${version()}&school=${southVale}`),
        await call('Hana Head', `/api/compliance/export.csv?school=${southVale}`),
        await outstanding('Hana Head', `policyVersionId=${visitors.toString()}`),
        await call('Hana Head', `/api/evidence/${visitors.toString()}.pdf`),
      ];
      expect(attempts.map((a) => a.status)).toEqual([403, 403, 403, 403, 403]);
      expect(attempts[0]!.body.error?.message).toBe(
        'You can only see compliance for the schools where you hold a role.',
      );
      expect(attempts[3]!.body.error?.message).toBe(
        'This policy does not apply to any school where you hold a role.',
      );
    });

    it('stops a headteacher whose role was removed a moment ago', async () => {
      expect((await outstanding('Hana Head', version())).status).toBe(200);
      await conduct().models.RoleAssignment.deleteOne({ _id: headRole });
      const after = await outstanding('Hana Head', version());
      expect(after.status).toBe(403);
      expect(after.body.error?.message).toBe('You do not have a role that allows this.');
    });
  });

  it('keeps the code policy to its school: South Vale staff are not counted for it', async () => {
    const { body } = await overview('Ivy Tech');
    expect(policyNamed(body, 'ICT Code of Conduct').bySchool.map((s) => s.name)).toEqual([
      'North Hill School',
    ]);
    expect(code).toBeDefined();
  });
});
