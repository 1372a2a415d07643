import { randomUUID } from 'node:crypto';
import type { Page, PersonView } from '../../src/directory/people';
import type { ReachReport } from '../../src/directory/reach';
import type { RoleAssignmentView } from '../../src/directory/roles';
import type { SchoolView } from '../../src/directory/schools';
import type { DirectorySyncReport } from '../../src/directory/sync';
import { catalogAppId, useConductWithStandIns } from './app';
import { graphUser } from './stand-ins';

const group = { staff: randomUUID(), governors: randomUUID(), otherStaff: randomUUID() };
const oid = { admin: randomUUID(), it: randomUUID(), blocked: randomUUID(), governor: randomUUID() };
const staffIds = Array.from({ length: 53 }, () => randomUUID());

describe('the directory API', () => {
  const conduct = useConductWithStandIns({
    users: [
      graphUser(oid.admin, 'Tom Trust'),
      graphUser(oid.it, 'Ivy Tech', { jobTitle: 'IT Manager' }),
      graphUser(oid.blocked, 'Bob Blocked'),
      graphUser(oid.governor, 'Gil Governor'),
      ...staffIds.map((id, i) => graphUser(id, `Staff ${String(i).padStart(2, '0')}`)),
    ],
    groups: [
      { id: group.staff, displayName: 'NHS staff', members: [oid.admin, oid.it, oid.blocked, ...staffIds] },
      { id: group.governors, displayName: 'NHS governors', members: [oid.governor] },
      { id: group.otherStaff, displayName: 'SVS staff', members: [] },
    ],
    installs: { [oid.blocked]: 'forbidden' },
  });
  let northHill: string;
  let southVale: string;
  let adminId: string;
  let itManagerId: string;

  const as = async (who: string) => conduct().entra.tokenFor({ oid: who });
  const call = async <T = unknown>(who: string, method: string, path: string, body?: unknown) =>
    conduct().call<T>(method, path, { token: await as(who), ...(body === undefined ? {} : { body }) });
  type People = Page<PersonView>;
  type Roles = { items: RoleAssignmentView[] };
  const audit = (action: string) =>
    conduct().models.AuditEvent.find({ tenantId: conduct().tenantId, action }).lean();

  beforeAll(async () => {
    // The first trust admin and IT manager come from Entra app roles in production; here they are seeded.
    const { models, tenantId } = conduct();
    const [tom, ivy] = await models.Person.create([
      { tenantId, entraObjectId: oid.admin, displayName: 'Tom Trust' },
      { tenantId, entraObjectId: oid.it, displayName: 'Ivy Tech' },
    ]);
    adminId = tom!._id.toString();
    itManagerId = ivy!._id.toString();
    await models.RoleAssignment.create([
      { tenantId, personId: tom!._id, role: 'trust_admin', scopeKey: 'trust' },
      { tenantId, personId: ivy!._id, role: 'it_manager', scopeKey: 'trust' },
    ]);
  });

  describe('schools', () => {
    it('lets a trust admin add schools with their Entra groups, on the audit trail', async () => {
      const created = await call<SchoolView>(oid.admin, 'POST', '/api/schools', {
        name: 'North Hill School',
        code: 'nhs',
        groups: { staff: group.staff, governor: group.governors },
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        name: 'North Hill School',
        code: 'NHS',
        groups: { staff: group.staff, governor: group.governors, visitor: null },
      });
      northHill = created.body.id;
      const other = await call<SchoolView>(oid.admin, 'POST', '/api/schools', {
        name: 'South Vale School',
        code: 'SVS',
      });
      southVale = other.body.id;
      expect((await audit('school.created')).map((e) => e.subject?.id).sort()).toEqual(
        [northHill, southVale].sort(),
      );
    });

    it('refuses a code already in use, a group id that is not an Entra id and unknown fields, storing nothing', async () => {
      const duplicate = await call<SchoolView>(oid.admin, 'POST', '/api/schools', {
        name: 'Again',
        code: 'NHS',
      });
      expect(duplicate.status).toBe(409);
      expect(duplicate.body.error?.message).toBe('Another school already uses the code NHS.');
      const invalid = await call<SchoolView>(oid.admin, 'POST', '/api/schools', {
        name: 'Bad',
        code: 'BAD',
        groups: { staff: 'not-a-guid' },
        colour: 'red',
      });
      expect(invalid.status).toBe(400);
      expect(invalid.body.error?.details?.map((d) => d.path).sort()).toEqual(['(request)', 'groups.staff']);
      expect(await conduct().models.School.countDocuments({ tenantId: conduct().tenantId })).toBe(2);
    });

    it('lets a trust admin change a school and its groups, and nobody else', async () => {
      const changed = await call(oid.admin, 'PATCH', `/api/schools/${southVale}`, {
        name: 'South Vale Academy',
        groups: { staff: group.otherStaff },
      });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ name: 'South Vale Academy', groups: { staff: group.otherStaff } });
      expect((await audit('school.updated'))[0]?.details).toEqual({ changed: 'groups.staff,name' });
      expect((await call(oid.it, 'PATCH', `/api/schools/${southVale}`, { name: 'X' })).status).toBe(403);
      expect((await call(oid.admin, 'PATCH', `/api/schools/${'0'.repeat(24)}`, { name: 'X' })).status).toBe(
        404,
      );
      expect((await call(oid.admin, 'PATCH', '/api/schools/nonsense', { name: 'X' })).status).toBe(400);
    });
  });

  describe('sync and people', () => {
    it('syncs on demand for the IT manager and reports what changed', async () => {
      const response = await call<DirectorySyncReport>(oid.it, 'POST', '/api/directory/sync');
      expect(response.status).toBe(200);
      expect(response.body.counts).toEqual({
        added: 55,
        updated: 2,
        reactivated: 0,
        deactivated: 0,
        unchanged: 0,
      });
      expect(response.body.changes).toContainEqual({
        entraObjectId: oid.governor,
        displayName: 'Gil Governor',
        change: 'added',
      });
    });

    it('pages through the people of a school, with filters and search', async () => {
      const first = await call<People>(oid.it, 'GET', `/api/directory/people?school=${northHill}`);
      expect(first.body).toMatchObject({ page: 1, pageSize: 50, total: 57 });
      expect(first.body.items).toHaveLength(50);
      const second = await call<People>(oid.it, 'GET', `/api/directory/people?school=${northHill}&page=2`);
      expect(second.body.items).toHaveLength(7);
      const governors = await call<People>(
        oid.it,
        'GET',
        `/api/directory/people?school=${northHill}&audience=governor`,
      );
      expect(governors.body.items.map((p) => p.displayName)).toEqual(['Gil Governor']);
      const everyGovernor = await call<People>(oid.it, 'GET', '/api/directory/people?audience=governor');
      expect(everyGovernor.body.items.map((p) => p.displayName)).toEqual(['Gil Governor']);
      const search = await call<People>(oid.it, 'GET', '/api/directory/people?q=staff%2005');
      expect(search.body.items).toEqual([
        expect.objectContaining({ displayName: 'Staff 05', email: 'staff.05@trust.test', reachable: false }),
      ]);
      expect((await call<People>(oid.it, 'GET', '/api/directory/people?q=.*')).body.total).toBe(0);
    });

    it('answers bad query strings with a 400 that names the problem', async () => {
      const response = await call<People>(oid.it, 'GET', '/api/directory/people?page=0&school=abc&sort=name');
      expect(response.status).toBe(400);
      expect(response.body.error?.details?.map((d) => d.path).sort()).toEqual([
        '(request)',
        'page',
        'school',
      ]);
    });
  });

  describe('reaching people', () => {
    it('installs Conduct for people it cannot reach, up to the limit asked for, and lists who failed, and why', async () => {
      const response = await call<ReachReport>(oid.it, 'POST', '/api/directory/reach', { limit: 5 });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ attempted: 5, reached: 4, failed: 1 });
      expect(conduct().graph.installed.get(catalogAppId)?.size).toBe(4);

      const failures = await call<People>(oid.it, 'GET', '/api/directory/reach-failures');
      expect(failures.status).toBe(200);
      expect(failures.body.items).toEqual([
        expect.objectContaining({
          displayName: 'Bob Blocked',
          reachable: false,
          reachFailure: {
            reason: 'Teams app installation blocked by policy or no Teams licence',
            at: expect.any(String),
          },
        }),
      ]);
    });
  });

  describe('roles', () => {
    let governorId: string;
    beforeAll(async () => {
      const found = await call<People>(oid.it, 'GET', '/api/directory/people?q=Gil');
      governorId = found.body.items[0]!.id;
    });

    it('lets a trust admin give a role for one school, on the audit trail', async () => {
      const granted = await call<RoleAssignmentView>(oid.admin, 'POST', '/api/roles', {
        personId: governorId,
        role: 'headteacher',
        schoolId: northHill,
      });
      expect(granted.status).toBe(201);
      expect(granted.body).toMatchObject({
        displayName: 'Gil Governor',
        role: 'headteacher',
        scope: northHill,
        schoolName: 'North Hill School',
      });
      const listed = await call<Roles>(oid.admin, 'GET', '/api/roles');
      expect(listed.body.items.map((r) => `${r.displayName}:${r.role}:${r.scope}`).sort()).toEqual(
        [
          'Gil Governor:headteacher:' + northHill,
          'Ivy Tech:it_manager:trust',
          'Tom Trust:trust_admin:trust',
        ].sort(),
      );
      expect((await audit('role.granted')).map((e) => e.details as unknown)).toContainEqual({
        role: 'headteacher',
        scope: northHill,
        personId: governorId,
      });
      const asHead = await call<People>(oid.governor, 'GET', `/api/directory/people?school=${northHill}`);
      expect(asHead.status).toBe(200);
    });

    it('refuses a duplicate, a trust role for one school, an unknown person, and anyone but a trust admin', async () => {
      const grant = { personId: governorId, role: 'headteacher', schoolId: northHill };
      expect((await call(oid.admin, 'POST', '/api/roles', grant)).status).toBe(409);
      const trustOnly = await call(oid.admin, 'POST', '/api/roles', { ...grant, role: 'trust_admin' });
      expect(trustOnly.status).toBe(400);
      expect(trustOnly.body.error?.message).toMatch(/whole trust/);
      const nobody = await call(oid.admin, 'POST', '/api/roles', { ...grant, personId: '0'.repeat(24) });
      expect(nobody.status).toBe(404);
      expect((await call(oid.it, 'POST', '/api/roles', { ...grant, role: 'dsl' })).status).toBe(403);
      expect((await call(oid.it, 'GET', '/api/roles')).status).toBe(403);
    });

    it('will not remove the last trust admin', async () => {
      const listed = await call<Roles>(oid.admin, 'GET', '/api/roles');
      const adminRole = listed.body.items.find((r) => r.role === 'trust_admin')!;
      expect(adminRole.personId).toBe(adminId);
      const refused = await call(oid.admin, 'DELETE', `/api/roles/${adminRole.id}`);
      expect(refused.status).toBe(409);
      expect(refused.body.error?.message).toMatch(/last trust admin/);

      await call(oid.admin, 'POST', '/api/roles', {
        personId: itManagerId,
        role: 'trust_admin',
        schoolId: null,
      });
      expect((await call(oid.admin, 'DELETE', `/api/roles/${adminRole.id}`)).status).toBe(204);
      expect((await call(oid.admin, 'GET', '/api/roles')).status).toBe(403);
      expect((await audit('role.revoked')).map((e) => e.subject?.id)).toContain(adminRole.id);
    });
  });
});
