import { trusted, type Types } from 'mongoose';
import type { Page } from '../../src/directory/people';
import type { PolicyDetailView, PolicySummaryView, PolicyView, VersionView } from '../../src/policies/views';
import { usePolicyApi, versionInput, type PersonSpec } from './api';
import { seeder } from '../compliance/seed';

type Published = { version: VersionView; campaignId: string };

describe('the policy library API', () => {
  const api = usePolicyApi();
  let northHill: string;
  let southVale: string;
  const who = {} as Record<
    'admin' | 'it' | 'schoolIt' | 'head' | 'staff' | 'governor' | 'otherStaff',
    string
  >;
  let itPersonId: Types.ObjectId;

  const call = <T = unknown>(person: string, method: string, path: string, json?: unknown) =>
    api().call<T>(person, method, path, json === undefined ? {} : { json });
  const count = async () => ({
    policies: await api().models.Policy.countDocuments(),
    versions: await api().models.PolicyVersion.countDocuments(),
  });

  const newPolicy = async (title: string, extra: Record<string, unknown> = {}, as = who.it) => {
    const created = await call<PolicyView>(as, 'POST', '/api/policies', {
      title,
      audiences: ['staff'],
      scope: 'trust',
      ...extra,
    });
    expect(created.status).toBe(201);
    return created.body;
  };
  const addVersion = async (policyId: string, overrides: Record<string, unknown> = {}) => {
    const added = await call<VersionView>(
      who.it,
      'POST',
      `/api/policies/${policyId}/versions`,
      versionInput(overrides),
    );
    expect(added.status).toBe(201);
    return added.body;
  };
  const publish = (policyId: string, versionId: string, as = who.it) =>
    call<Published>(as, 'POST', `/api/policies/${policyId}/versions/${versionId}/publish`);
  const publishedVersion = async (policyId: string, overrides: Record<string, unknown> = {}) => {
    const draft = await addVersion(policyId, overrides);
    const published = await publish(policyId, draft.id);
    expect(published.status).toBe(200);
    return published.body.version;
  };

  beforeAll(async () => {
    const { models, tenantId } = api();
    const seed = seeder(models, tenantId);
    northHill = await seed.school('North Hill School', 'NHS');
    southVale = await seed.school('South Vale School', 'SVS');
    const add = (spec: PersonSpec) => api().addPerson(spec);
    who.admin = (await add({ name: 'Tom Trust', roles: [{ role: 'trust_admin', scope: 'trust' }] })).oid;
    const it = await add({
      name: 'Ivy Tech',
      jobTitle: 'IT Manager',
      roles: [{ role: 'it_manager', scope: 'trust' }],
    });
    who.it = it.oid;
    itPersonId = it.personId;
    who.schoolIt = (await add({ name: 'Nia North', roles: [{ role: 'it_manager', scope: northHill }] })).oid;
    who.head = (await add({ name: 'Hal Head', roles: [{ role: 'headteacher', scope: northHill }] })).oid;
    who.staff = (
      await add({ name: 'Sam Staff', memberships: [{ schoolId: northHill, audience: 'staff' }] })
    ).oid;
    who.governor = (
      await add({ name: 'Gina Gov', memberships: [{ schoolId: northHill, audience: 'governor' }] })
    ).oid;
    who.otherStaff = (
      await add({ name: 'Sol South', memberships: [{ schoolId: southVale, audience: 'staff' }] })
    ).oid;
  });

  beforeEach(() => {
    api().startCampaign.mockClear();
    api().renderCard.mockClear();
  });

  it('creates a policy, adds a draft, previews its card and publishes it, starting one campaign', async () => {
    const policy = await newPolicy('Acceptable use of ICT');
    expect(policy).toMatchObject({
      title: 'Acceptable use of ICT',
      audiences: ['staff'],
      scope: 'trust',
      schoolIds: [],
      owner: { id: itPersonId.toString(), displayName: 'Ivy Tech' },
      currentVersionId: null,
    });
    const draft = await addVersion(policy.id);
    expect(draft).toMatchObject({
      status: 'draft',
      label: '2026.1',
      contentHash: null,
      effectiveDate: '2026-09-01',
    });

    const preview = await call<{ card: unknown }>(
      who.it,
      'GET',
      `/api/policies/${policy.id}/versions/${draft.id}/preview`,
    );
    expect(preview.status).toBe(200);
    expect(preview.body.card).toMatchObject({
      title: 'Acceptable use of ICT',
      label: '2026.1',
      for: { displayName: 'Ivy Tech', jobTitle: 'IT Manager' },
    });

    const published = await publish(policy.id, draft.id);
    expect(published.status).toBe(200);
    expect(published.body.campaignId).toBe(`campaign-for-${draft.id}`);
    expect(published.body.version).toMatchObject({ id: draft.id, status: 'published', isCurrent: true });
    expect(published.body.version.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(api().startCampaign).toHaveBeenCalledTimes(1);
    const [{ policy: sentPolicy, version: sentVersion, actor }] = api().startCampaign.mock.calls[0]!;
    expect(sentVersion._id.toString()).toBe(draft.id);
    expect(sentVersion.status).toBe('published');
    expect(sentPolicy.currentVersionId?.toString()).toBe(draft.id);
    expect(actor.personId.equals(itPersonId)).toBe(true);

    const list = await call<Page<PolicySummaryView>>(who.it, 'GET', '/api/policies');
    expect(list.body.items.find((item) => item.id === policy.id)).toMatchObject({
      status: 'published',
      currentVersion: { id: draft.id, label: '2026.1' },
      nextReviewDate: '2027-07-15',
      overdueForReview: false,
      draftVersions: 0,
    });

    const events = await api()
      .models.AuditEvent.find({ 'subject.id': trusted({ $in: [policy.id, draft.id] }) })
      .sort({ seq: 1 })
      .lean();
    expect(events.map((event) => event.action)).toEqual([
      'policy.created',
      'policy_version.created',
      'policy_version.published',
    ]);
    expect(events[2]?.details).toEqual({
      policyId: policy.id,
      contentHash: published.body.version.contentHash,
      material: true,
      acceptsSignaturesOf: '',
    });
  });

  it('refuses to revise or re-publish a published version, which keeps its text and hash', async () => {
    const policy = await newPolicy('Email and messaging');
    const version = await publishedVersion(policy.id);
    await api().models.Campaign.create({
      tenantId: api().tenantId,
      policyId: policy.id,
      policyVersionId: version.id,
      startedBy: itPersonId,
      startedAt: new Date(),
    });
    const revise = await call(who.it, 'PATCH', `/api/policies/${policy.id}/versions/${version.id}`, {
      bodyMarkdown: 'Something else entirely',
    });
    expect(revise.status).toBe(409);
    expect(revise.body.error).toMatchObject({
      code: 'policy_version_published',
      message: expect.stringContaining('is published and can no longer be changed'),
    });
    const again = await publish(policy.id, version.id);
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe('policy_version_published');
    expect(api().startCampaign).toHaveBeenCalledTimes(1);
    const stored = await call<VersionView>(
      who.it,
      'GET',
      `/api/policies/${policy.id}/versions/${version.id}`,
    );
    expect(stored.body).toMatchObject({
      bodyMarkdown: versionInput().bodyMarkdown,
      contentHash: version.contentHash,
    });
  });

  it('keeps a version published when its campaign fails to start, and starts it when published again', async () => {
    const policy = await newPolicy('Remote learning');
    const draft = await addVersion(policy.id);
    api().startCampaign.mockRejectedValueOnce(new Error('connector unreachable'));
    const failed = await publish(policy.id, draft.id);
    expect(failed.status).toBe(503);
    expect(failed.body.error?.message).toBe(
      'Version 2026.1 is published, but sending it to people did not start. Publish it again to retry.',
    );
    const stored = await api().models.PolicyVersion.findById(draft.id).lean();
    expect(stored?.status).toBe('published');

    const retried = await publish(policy.id, draft.id);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({
      campaignId: `campaign-for-${draft.id}`,
      version: { contentHash: stored?.contentHash },
    });
    expect(api().startCampaign).toHaveBeenCalledTimes(2);
  });

  it('carries signatures over a non-material change and starts afresh after a material one', async () => {
    const policy = await newPolicy('Social networking');
    const v1 = await publishedVersion(policy.id, { label: 'v1' });
    const v2 = await publishedVersion(policy.id, { label: 'v2', material: false });
    const v3 = await publishedVersion(policy.id, { label: 'v3', material: false });
    const v4 = await publishedVersion(policy.id, { label: 'v4', material: true });
    const v5 = await publishedVersion(policy.id, { label: 'v5', material: false });
    expect(v1.acceptsSignaturesOf).toEqual([]);
    expect(v2.acceptsSignaturesOf).toEqual([v1.id]);
    expect(v3.acceptsSignaturesOf).toEqual([v1.id, v2.id]);
    expect(v4.acceptsSignaturesOf).toEqual([]);
    expect(v5.acceptsSignaturesOf).toEqual([v4.id]);

    const detail = await call<PolicyDetailView>(who.head, 'GET', `/api/policies/${policy.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.versions.map((version) => [version.label, version.isCurrent])).toEqual([
      ['v5', true],
      ['v4', false],
      ['v3', false],
      ['v2', false],
      ['v1', false],
    ]);
    expect(detail.body.currentVersion?.label).toBe('v5');
  });

  it('lists every problem with a policy or a version, and stores nothing', async () => {
    const before = await count();
    const policy = await call(who.it, 'POST', '/api/policies', {
      title: 'ab',
      audiences: [],
      scope: 'schools',
      colour: 'blue',
    });
    expect(policy.status).toBe(400);
    expect(policy.body.error?.details?.map((d) => d.path).sort()).toEqual([
      '(request)',
      'audiences',
      'schoolIds',
      'title',
    ]);
    const unknownSchool = await call(who.it, 'POST', '/api/policies', {
      title: 'Passwords',
      audiences: ['staff'],
      scope: 'schools',
      schoolIds: [northHill, '0'.repeat(24)],
    });
    expect(unknownSchool.status).toBe(400);
    expect(unknownSchool.body.error?.details).toEqual([
      { path: 'schoolIds.1', message: 'is not a school of this trust' },
    ]);

    const target = await newPolicy('Data protection');
    const version = await call(who.it, 'POST', `/api/policies/${target.id}/versions`, {
      ...versionInput(),
      label: '',
      keyPoints: ['ok', 'Another point'],
      effectiveDate: '2026-02-30',
      reviewDate: '2027-08-01',
      nextReviewDate: '2027-07-01',
      dueDays: 0,
      material: 'yes',
    });
    expect(version.status).toBe(400);
    const details = version.body.error?.details ?? [];
    expect(details.map((d) => d.path).sort()).toEqual([
      'dueDays',
      'effectiveDate',
      'keyPoints',
      'keyPoints.0',
      'label',
      'material',
      'nextReviewDate',
    ]);
    expect(details.find((d) => d.path === 'nextReviewDate')?.message).toBe(
      'must be on or after the review date (2027-08-01): the next review cannot come before the last one',
    );
    expect(await count()).toEqual({ policies: before.policies + 1, versions: before.versions });

    const draft = await addVersion(target.id);
    const clash = await call(who.it, 'PATCH', `/api/policies/${target.id}/versions/${draft.id}`, {
      nextReviewDate: '2026-08-01',
    });
    expect(clash.status).toBe(400);
    expect(clash.body.error?.details?.[0]?.message).toContain(
      'must be after the effective date (2026-09-01)',
    );
    const sameLabel = await call(who.it, 'POST', `/api/policies/${target.id}/versions`, versionInput());
    expect(sameLabel.status).toBe(409);
    expect(sameLabel.body.error?.message).toBe(
      'This policy already has a version labelled "2026.1". Choose another label.',
    );
    const revised = await call<VersionView>(
      who.it,
      'PATCH',
      `/api/policies/${target.id}/versions/${draft.id}`,
      {
        keyPoints: ['Lock the screen', 'Encrypt memory sticks', 'Report a breach within the hour'],
      },
    );
    expect(revised.status).toBe(200);
    expect(revised.body.keyPoints).toHaveLength(3);
    const second = await addVersion(target.id, { label: '2026.2' });
    const relabel = await call(who.it, 'PATCH', `/api/policies/${target.id}/versions/${second.id}`, {
      label: '2026.1',
    });
    expect(relabel.status).toBe(409);
    expect(relabel.body.error?.message).toBe(
      'This policy already has a version labelled "2026.1". Choose another label.',
    );
  });

  it('lets a school IT manager manage only their own school policies, and a headteacher only read', async () => {
    const schoolPolicy = await call<PolicyView>(who.schoolIt, 'POST', '/api/policies', {
      title: 'North Hill laptops',
      audiences: ['staff'],
      scope: 'schools',
      schoolIds: [northHill],
    });
    expect(schoolPolicy.status).toBe(201);
    const draft = await call<VersionView>(
      who.schoolIt,
      'POST',
      `/api/policies/${schoolPolicy.body.id}/versions`,
      versionInput(),
    );
    expect(draft.status).toBe(201);

    const trustWide = await newPolicy('Trust network use');
    const denied = [
      await call(who.schoolIt, 'POST', '/api/policies', {
        title: 'Everyone',
        audiences: ['staff'],
        scope: 'trust',
      }),
      await call(who.schoolIt, 'POST', '/api/policies', {
        title: 'South only',
        audiences: ['staff'],
        scope: 'schools',
        schoolIds: [southVale],
      }),
      await call(who.schoolIt, 'POST', `/api/policies/${trustWide.id}/versions`, versionInput()),
      await call(who.schoolIt, 'PATCH', `/api/policies/${trustWide.id}`, { title: 'Mine now' }),
      await call(who.schoolIt, 'PATCH', `/api/policies/${schoolPolicy.body.id}`, { scope: 'trust' }),
    ];
    expect(denied.map((answer) => answer.status)).toEqual([403, 403, 403, 403, 403]);

    const path = `/api/policies/${schoolPolicy.body.id}`;
    expect((await call(who.head, 'GET', '/api/policies')).status).toBe(200);
    expect((await call(who.head, 'GET', path)).status).toBe(200);
    expect((await call(who.head, 'GET', `${path}/versions/${draft.body.id}`)).status).toBe(200);
    expect((await call(who.head, 'GET', `${path}/versions/${draft.body.id}/preview`)).status).toBe(200);
    const headWrites = [
      await call(who.head, 'POST', '/api/policies', {
        title: 'Head policy',
        audiences: ['staff'],
        scope: 'trust',
      }),
      await call(who.head, 'PATCH', path, { title: 'Renamed' }),
      await call(who.head, 'POST', `${path}/versions`, versionInput({ label: 'x' })),
      await call(who.head, 'PATCH', `${path}/versions/${draft.body.id}`, { dueDays: 7 }),
      await call(who.head, 'POST', `${path}/versions/${draft.body.id}/publish`),
    ];
    expect(headWrites.map((answer) => answer.status)).toEqual([403, 403, 403, 403, 403]);
    expect((await call(who.staff, 'GET', '/api/policies')).status).toBe(403);
    expect(
      (
        await call(who.staff, 'POST', '/api/policies', {
          title: 'Mine',
          audiences: ['staff'],
          scope: 'trust',
        })
      ).status,
    ).toBe(403);
    expect(api().startCampaign).not.toHaveBeenCalled();
  });

  it('shows a member of staff the published version of a policy for them, and nothing else', async () => {
    const trustStaff = await newPolicy('Staff code of conduct');
    const northStaff = await newPolicy('North Hill devices', { scope: 'schools', schoolIds: [northHill] });
    const southStaff = await newPolicy('South Vale devices', { scope: 'schools', schoolIds: [southVale] });
    const [trustVersion, northVersion, southVersion] = [
      await publishedVersion(trustStaff.id),
      await publishedVersion(northStaff.id),
      await publishedVersion(southStaff.id),
    ];
    const draft = await addVersion(trustStaff.id, { label: '2027.1' });
    const read = (person: string, policyId: string, versionId: string) =>
      call<VersionView>(person, 'GET', `/api/policies/${policyId}/versions/${versionId}`);

    const own = await read(who.staff, trustStaff.id, trustVersion.id);
    expect(own.status).toBe(200);
    expect(own.body.bodyMarkdown).toBe(versionInput().bodyMarkdown);
    expect((await read(who.staff, northStaff.id, northVersion.id)).status).toBe(200);
    expect((await read(who.staff, trustStaff.id, draft.id)).status).toBe(404);
    const otherSchool = await read(who.staff, southStaff.id, southVersion.id);
    expect(otherSchool.status).toBe(403);
    expect(otherSchool.body.error?.message).toContain('not one you are asked to accept');
    expect((await read(who.otherStaff, southStaff.id, southVersion.id)).status).toBe(200);
    expect((await read(who.governor, trustStaff.id, trustVersion.id)).status).toBe(403);
    expect(
      (await call(who.staff, 'GET', `/api/policies/${trustStaff.id}/versions/${trustVersion.id}/preview`))
        .status,
    ).toBe(403);
  });

  it('fixes the title and reach of a published policy except to widen it, and flags an overdue review', async () => {
    const policy = await newPolicy('Personal devices');
    const renamed = await call<PolicyView>(who.it, 'PATCH', `/api/policies/${policy.id}`, {
      title: 'Personal equipment',
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.title).toBe('Personal equipment');
    await publishedVersion(policy.id, {
      effectiveDate: '2020-09-01',
      reviewDate: '2020-07-01',
      nextReviewDate: '2021-07-01',
    });

    const path = `/api/policies/${policy.id}`;
    const retitle = await call(who.it, 'PATCH', path, { title: 'Own devices' });
    expect(retitle.status).toBe(409);
    expect(retitle.body.error?.message).toContain('its title is part of what people accepted');
    expect((await call(who.it, 'PATCH', path, { scope: 'schools', schoolIds: [northHill] })).status).toBe(
      409,
    );
    const widened = await call<PolicyView>(who.it, 'PATCH', path, {
      audiences: ['staff', 'visitor'],
      ownerId: itPersonId.toString(),
    });
    expect(widened.status).toBe(200);
    expect(widened.body.audiences).toEqual(['staff', 'visitor']);
    expect((await call(who.it, 'PATCH', path, { audiences: ['visitor'] })).status).toBe(409);
    const taken = await call(who.admin, 'POST', '/api/policies', {
      title: 'Personal equipment',
      audiences: ['staff'],
      scope: 'trust',
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error?.message).toBe(
      'Another policy is already called "Personal equipment". Choose another title.',
    );
    const other = await newPolicy('Personal phones');
    const clash = await call(who.it, 'PATCH', `/api/policies/${other.id}`, { title: 'Personal equipment' });
    expect(clash.status).toBe(409);
    expect(clash.body.error?.message).toBe(
      'Another policy is already called "Personal equipment". Choose another title.',
    );

    const list = await call<Page<PolicySummaryView>>(who.admin, 'GET', '/api/policies');
    expect(list.body.items.find((item) => item.id === policy.id)).toMatchObject({
      overdueForReview: true,
      nextReviewDate: '2021-07-01',
    });
    const audit = await api()
      .models.AuditEvent.find({ action: 'policy.updated', 'subject.id': policy.id })
      .lean();
    expect(audit.map((event) => event.details as unknown)).toEqual([
      { changed: 'title' },
      { changed: 'audiences' },
    ]);
  });
});
