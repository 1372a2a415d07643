import { Types } from 'mongoose';
import type { Person, School } from '../../src/directory/model';
import { syncDirectory, type DirectorySyncReport } from '../../src/directory/sync';
import { AppError } from '../../src/errors';
import { useTestDatabase } from '../support/database';
import { graphUser, useDirectoryStandIns } from './stand-ins';

const appId = 'conduct-app-id';
const roleIds = { itManager: 'role-it', trustAdmin: 'role-trust-admin' };

describe('directory sync from Entra', () => {
  const db = useTestDatabase();
  const standIns = useDirectoryStandIns({
    pageSize: 2,
    users: [
      graphUser('u-ada', 'Ada Head', { jobTitle: 'Headteacher' }),
      graphUser('u-ben', 'Ben Science', { managerId: 'u-ada' }),
      graphUser('u-cat', 'Cat Both', { managerId: 'u-ada' }),
      graphUser('u-dan', 'Dan Nested'),
      graphUser('u-eve', 'Eve Governor', { jobTitle: null, department: null }),
      graphUser('u-fay', 'Fay Visitor', {
        userType: 'Guest',
        userPrincipalName: 'fay_mail.test#EXT#@trust.onmicrosoft.com',
        mail: 'Fay@Mail.Test',
      }),
      graphUser('u-gus', 'Gus Leaver'),
      graphUser('u-hal', 'Hal Central', { jobTitle: 'Trust IT' }),
    ],
    groups: [
      {
        id: 'g-nh-staff',
        displayName: 'NHS staff',
        members: ['u-ada', 'u-ben', 'u-cat', 'g-nh-science', 'u-gus'],
      },
      { id: 'g-nh-science', displayName: 'NHS science', members: ['u-dan', 'u-ben'] },
      { id: 'g-nh-governors', displayName: 'NHS governors', members: ['u-eve'] },
      { id: 'g-nh-visitors', displayName: 'NHS visitors', members: ['u-fay'] },
      { id: 'g-sv-staff', displayName: 'SVS staff', members: ['u-cat'] },
    ],
    servicePrincipal: {
      appId,
      appRoles: [
        { id: roleIds.itManager, value: 'ITManager' },
        { id: roleIds.trustAdmin, value: 'TrustAdmin' },
      ],
      assignments: [{ principalId: 'u-hal', principalType: 'User', appRoleId: roleIds.trustAdmin }],
    },
  });
  let tenantId: string;
  let northHill: School;
  let southVale: School;

  const sync = (): Promise<DirectorySyncReport> =>
    syncDirectory({ models: db().models, graph: standIns().client, appId }, tenantId);
  const person = async (entraObjectId: string): Promise<Person> => {
    const found = await db().models.Person.findOne({ tenantId, entraObjectId }).lean<Person>();
    if (!found) throw new Error(`no person ${entraObjectId}`);
    return found;
  };
  const keysOf = async (entraObjectId: string): Promise<string[]> =>
    [...(await person(entraObjectId)).membershipKeys].sort();

  beforeAll(async () => {
    tenantId = standIns().entra.tenantId;
    const { School } = db().models;
    northHill = (
      await School.create({
        tenantId,
        name: 'North Hill School',
        code: 'NHS',
        groups: { staff: 'g-nh-staff', governor: 'g-nh-governors', visitor: 'g-nh-visitors' },
      })
    ).toObject();
    southVale = (
      await School.create({
        tenantId,
        name: 'South Vale School',
        code: 'SVS',
        groups: { staff: 'g-sv-staff' },
      })
    ).toObject();
  });

  it('adds everyone in every school group, following each absolute nextLink, with profile, guests and managers', async () => {
    const report = await sync();

    expect(report.counts).toEqual({ added: 8, updated: 0, reactivated: 0, deactivated: 0, unchanged: 0 });
    const nh = northHill._id.toString();
    expect(await keysOf('u-ben')).toEqual([`${nh}:staff`]);
    expect(await keysOf('u-dan')).toEqual([`${nh}:staff`]);
    expect(await keysOf('u-cat')).toEqual([`${nh}:staff`, `${southVale._id.toString()}:staff`].sort());
    expect(await keysOf('u-eve')).toEqual([`${nh}:governor`]);
    const fay = await person('u-fay');
    expect(fay).toMatchObject({
      guest: true,
      email: 'fay@mail.test',
      active: true,
      membershipKeys: [`${nh}:visitor`],
    });
    expect(await person('u-ben')).toMatchObject({
      displayName: 'Ben Science',
      email: 'ben.science@trust.test',
      jobTitle: 'Teacher',
      department: 'Science',
      managerEntraObjectId: 'u-ada',
    });
    expect((await person('u-eve')).jobTitle).toBeUndefined();
    const followed = standIns().graph.requests.filter(
      (r) => r.url.includes('g-nh-staff') && r.url.includes('skiptoken'),
    );
    expect(followed.length).toBeGreaterThanOrEqual(2);
  });

  it('seeds a trust-wide role from an Entra app-role assignment, for someone outside every school group', async () => {
    const hal = await person('u-hal');
    expect(hal).toMatchObject({ active: true, membershipKeys: [] });
    const roles = await db().models.RoleAssignment.find({ tenantId, personId: hal._id }).lean();
    expect(roles).toEqual([
      expect.objectContaining({ role: 'trust_admin', scopeKey: 'trust', source: 'entra' }),
    ]);
  });

  it('changes nothing and creates no duplicates when run again', async () => {
    const before = await db().models.Person.countDocuments({ tenantId });
    const report = await sync();
    expect(report.counts).toEqual({ added: 0, updated: 0, reactivated: 0, deactivated: 0, unchanged: 8 });
    expect(report.roles).toEqual({ granted: 0, revoked: 0 });
    expect(await db().models.Person.countDocuments({ tenantId })).toBe(before);
    expect(await db().models.RoleAssignment.countDocuments({ tenantId })).toBe(1);
  });

  it('marks a leaver inactive and keeps their record and signatures', async () => {
    const gus = await person('u-gus');
    await db().models.Acknowledgement.create({
      tenantId,
      personId: gus._id,
      policyId: new Types.ObjectId(),
      policyVersionId: new Types.ObjectId(),
      signedName: 'Gus Leaver',
      signedAt: new Date(),
      contentHash: 'sha256:abc',
      via: 'card',
    });
    const staff = standIns().graph.data.groups.find((g) => g.id === 'g-nh-staff')!;
    staff.members = staff.members.filter((id) => id !== 'u-gus');

    const report = await sync();

    expect(report.counts.deactivated).toBe(1);
    expect(report.changes).toContainEqual({
      entraObjectId: 'u-gus',
      displayName: 'Gus Leaver',
      change: 'deactivated',
    });
    const left = await person('u-gus');
    expect(left.active).toBe(false);
    expect(left.deactivatedAt).toBeInstanceOf(Date);
    expect(left.membershipKeys).toEqual([`${northHill._id.toString()}:staff`]);
    expect(await db().models.Acknowledgement.countDocuments({ personId: gus._id })).toBe(1);
  });

  it('moves a person to another school when their group membership moves', async () => {
    const science = standIns().graph.data.groups.find((g) => g.id === 'g-nh-science')!;
    science.members = science.members.filter((id) => id !== 'u-dan');
    standIns()
      .graph.data.groups.find((g) => g.id === 'g-sv-staff')!
      .members.push('u-dan');

    const report = await sync();

    expect(report.changes).toContainEqual({
      entraObjectId: 'u-dan',
      displayName: 'Dan Nested',
      change: 'updated',
    });
    expect(await keysOf('u-dan')).toEqual([`${southVale._id.toString()}:staff`]);
    expect((await person('u-dan')).memberships).toEqual([{ schoolId: southVale._id, audience: 'staff' }]);
  });

  it('reactivates a returning leaver', async () => {
    standIns()
      .graph.data.groups.find((g) => g.id === 'g-nh-staff')!
      .members.push('u-gus');
    const report = await sync();
    expect(report.counts.reactivated).toBe(1);
    const back = await person('u-gus');
    expect(back.active).toBe(true);
    expect(back.deactivatedAt).toBeUndefined();
  });

  it('waits out a 429 with Retry-After and still completes', async () => {
    const { graph } = standIns();
    graph.failNext({ path: /g-nh-governors/, status: 429, retryAfterSeconds: 1, times: 1 });
    const from = graph.requests.length;

    const report = await sync();

    const governorCalls = graph.requests.slice(from).filter((r) => r.url.includes('g-nh-governors'));
    expect(governorCalls.map((r) => r.status)).toEqual([429, 200]);
    expect(governorCalls[1]!.at - governorCalls[0]!.at).toBeGreaterThanOrEqual(950);
    expect(report.counts.deactivated).toBe(0);
  });

  it('waits out a 503 from Graph on the manager listing, honouring its Retry-After', async () => {
    const { graph } = standIns();
    graph.failNext({ path: /^\/v1\.0\/users$/, status: 503, retryAfterSeconds: 1, times: 1 });
    const from = graph.requests.length;

    const report = await sync();

    const managerCalls = graph.requests.slice(from).filter((r) => r.url.startsWith('/v1.0/users?'));
    expect(managerCalls.map((r) => r.status)).toEqual([503, 200, 200, 200, 200]);
    expect(managerCalls[1]!.at - managerCalls[0]!.at).toBeGreaterThanOrEqual(950);
    expect(report.warnings).toEqual([]);
    expect((await person('u-ben')).managerEntraObjectId).toBe('u-ada');
  });

  it('removes an Entra-seeded role when the assignment is removed in Entra, and leaves Conduct-made roles alone', async () => {
    const { RoleAssignment } = db().models;
    const ben = await person('u-ben');
    await RoleAssignment.create({
      tenantId,
      personId: ben._id,
      role: 'it_manager',
      scopeKey: northHill._id.toString(),
      schoolId: northHill._id,
    });
    standIns().graph.data.servicePrincipal!.assignments = [
      { principalId: 'u-ada', principalType: 'User', appRoleId: roleIds.itManager },
    ];

    const report = await sync();

    expect(report.roles).toEqual({ granted: 1, revoked: 1 });
    const held = await RoleAssignment.find({ tenantId }).lean();
    expect(held.map((a) => `${a.role}:${a.scopeKey}:${a.source}`).sort()).toEqual(
      [`it_manager:${northHill._id.toString()}:conduct`, 'it_manager:trust:entra'].sort(),
    );
    // Hal held only an Entra role and is in no school group: he is now a leaver.
    expect((await person('u-hal')).active).toBe(false);
  });

  it('stops before changing anything when a school group cannot be read', async () => {
    const broken = await db().models.School.create({
      tenantId,
      name: 'Broken',
      code: 'BRK',
      groups: { staff: 'g-missing' },
    });
    const activeBefore = await db().models.Person.countDocuments({ tenantId, active: true });
    try {
      await expect(sync()).rejects.toThrow(AppError);
      await expect(sync()).rejects.toThrow(/could not find the members of group g-missing/);
      expect(await db().models.Person.countDocuments({ tenantId, active: true })).toBe(activeBefore);
    } finally {
      await db().models.School.deleteOne({ _id: broken._id });
    }
  });

  it('records each sync on the audit trail with its counts', async () => {
    const events = await db().models.AuditEvent.find({ tenantId, action: 'directory.synced' }).lean();
    expect(events.length).toBeGreaterThanOrEqual(6);
    expect(events[0]!.details).toMatchObject({ added: 8 });
  });
});
