import { randomUUID } from 'node:crypto';
import type { Types } from 'mongoose';
import type { Page, PersonView } from '../../src/directory/people';
import { useConductWithStandIns } from '../directory/app';
import { seeder } from '../compliance/seed';

const oid = {
  head: randomUUID(),
  admin: randomUUID(),
  teacher: randomUUID(),
  leaver: randomUUID(),
  stranger: randomUUID(),
};

describe('signing in to the REST API', () => {
  const conduct = useConductWithStandIns();
  let northHill: string;
  let southVale: string;
  let headRoleId: Types.ObjectId;

  const people = (token: string | undefined, query = '') =>
    conduct().call<Page<PersonView>>('GET', `/api/directory/people${query}`, token ? { token } : {});
  const tokenFor = (who: string, claims: Record<string, unknown> = {}) =>
    conduct().entra.tokenFor({ oid: who, ...claims });

  beforeAll(async () => {
    const { models, tenantId } = conduct();
    const seed = seeder(models, tenantId);
    northHill = await seed.school('North Hill School', 'NHS');
    southVale = await seed.school('South Vale School', 'SVS');
    const member = (entraObjectId: string, displayName: string, school: string, active = true) => ({
      tenantId,
      entraObjectId,
      displayName,
      active,
      memberships: [{ schoolId: school, audience: 'staff' }],
      membershipKeys: [`${school}:staff`],
    });
    const [head, admin, , leaver] = await models.Person.create([
      member(oid.head, 'Ada Head', northHill),
      member(oid.admin, 'Tom Trust', northHill),
      member(oid.teacher, 'Tia Teacher', northHill),
      member(oid.leaver, 'Lee Leaver', northHill, false),
    ]);
    const [headRole] = await models.RoleAssignment.create([
      { tenantId, personId: head!._id, role: 'headteacher', scopeKey: northHill, schoolId: northHill },
      { tenantId, personId: admin!._id, role: 'trust_admin', scopeKey: 'trust' },
      { tenantId, personId: leaver!._id, role: 'trust_admin', scopeKey: 'trust' },
    ]);
    headRoleId = headRole!._id;
  });

  it('lets a headteacher with a valid Teams SSO token see their school', async () => {
    const response = await people(await tokenFor(oid.head), `?school=${northHill}`);
    expect(response.status).toBe(200);
    expect(response.body.items.map((p) => p.displayName)).toEqual(['Ada Head', 'Tia Teacher', 'Tom Trust']);
  });

  it('refuses a request without a token', async () => {
    const response = await people(undefined);
    expect(response.status).toBe(401);
    expect(response.body.error).toMatchObject({
      code: 'unauthenticated',
      message: expect.stringMatching(/no sign-in/),
    });
  });

  it('refuses a malformed Authorization header', async () => {
    const response = await conduct().call('GET', '/api/directory/people', {
      headers: { authorization: 'Basic abc' },
    });
    expect(response.status).toBe(401);
  });

  it('refuses an expired token and says to reload', async () => {
    const response = await people(
      await conduct().entra.tokenFor({ oid: oid.head }, { expiresInSeconds: -120 }),
    );
    expect(response.status).toBe(401);
    expect(response.body.error?.message).toBe('Your sign-in has expired. Reload the tab.');
  });

  it('refuses a token issued for another app', async () => {
    const response = await people(await tokenFor(oid.head, { aud: 'api://some-other-app' }));
    expect(response.status).toBe(401);
    expect(response.body.error?.message).toMatch(/issued for another app/);
  });

  it('refuses an ID token, even though its audience is Conduct', async () => {
    const response = await people(await conduct().entra.idTokenFor({ oid: oid.head }));
    expect(response.status).toBe(401);
    expect(response.body.error?.message).toMatch(/ID\) token/);
  });

  it('refuses a token without the access_as_user scope', async () => {
    const response = await people(await tokenFor(oid.head, { scp: 'User.Read' }));
    expect(response.status).toBe(403);
    expect(response.body.error?.message).toMatch(/access_as_user/);
  });

  it('refuses a token signed by a key the issuer does not publish', async () => {
    const response = await people(
      await conduct().entra.tokenFor({ oid: oid.head }, { signedByStranger: true }),
    );
    expect(response.status).toBe(401);
    expect(response.body.error?.message).toMatch(/could not be verified/);
  });

  it('refuses an unsigned token (alg "none")', async () => {
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const valid = await tokenFor(oid.head);
    const payload = JSON.parse(Buffer.from(valid.split('.')[1]!, 'base64url').toString()) as object;
    const response = await people(`${encode({ alg: 'none', typ: 'JWT' })}.${encode(payload)}.`);
    expect(response.status).toBe(401);
  });

  it('refuses a token from another tenant', async () => {
    const response = await people(await tokenFor(oid.head, { tid: randomUUID() }));
    expect(response.status).toBe(403);
    expect(response.body.error?.message).toMatch(/organisation/);
  });

  it('refuses someone Conduct does not know, and someone who has left', async () => {
    const unknown = await people(await tokenFor(oid.stranger));
    expect(unknown.status).toBe(403);
    expect(unknown.body.error?.message).toMatch(/does not know you yet/);
    const leaver = await people(await tokenFor(oid.leaver));
    expect(leaver.status).toBe(403);
    expect(leaver.body.error?.message).toMatch(/no longer active/);
  });

  it('refuses a signed-in person without a role that allows the route', async () => {
    const response = await people(await tokenFor(oid.teacher));
    expect(response.status).toBe(403);
    expect(response.body.error?.message).toBe('You do not have a role that allows this.');
    const schools = await conduct().call('GET', '/api/schools', { token: await tokenFor(oid.teacher) });
    expect(schools.status).toBe(200);
  });

  it("refuses a headteacher another school's people", async () => {
    const response = await people(await tokenFor(oid.head), `?school=${southVale}`);
    expect(response.status).toBe(403);
    expect(response.body.error?.message).toMatch(/only see people of the schools where you hold a role/);
  });

  it('stops honouring a role the moment it is removed', async () => {
    const token = await tokenFor(oid.head);
    expect((await people(token, `?school=${northHill}`)).status).toBe(200);

    const removed = await conduct().call('DELETE', `/api/roles/${headRoleId.toString()}`, {
      token: await tokenFor(oid.admin),
    });
    expect(removed.status).toBe(204);

    const after = await people(token, `?school=${northHill}`);
    expect(after.status).toBe(403);
    expect(after.body.error?.message).toBe('You do not have a role that allows this.');
  });
});
