import { randomUUID } from 'node:crypto';
import type { ImportedBody } from '../../src/policies/import';
import type { PolicyView, VersionView } from '../../src/policies/views';
import { useConductWithStandIns } from '../directory/app';
import { buildDocx, bullet, styled } from './docx';
import { versionInput } from './api';

const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

describe('the policy library in the composition root', () => {
  const conduct = useConductWithStandIns();
  const itManager = randomUUID();

  beforeAll(async () => {
    const { models, tenantId } = conduct();
    const ivy = await models.Person.create({ tenantId, entraObjectId: itManager, displayName: 'Ivy Tech' });
    await models.RoleAssignment.create({
      tenantId,
      personId: ivy._id,
      role: 'it_manager',
      scopeKey: 'trust',
    });
  });

  const call = async <T>(
    method: string,
    path: string,
    options: { body?: unknown; headers?: Record<string, string> } = {},
  ) =>
    conduct().call<T>(method, path, {
      token: await conduct().entra.tokenFor({ oid: itManager }),
      ...options,
    });

  it('imports a Word file, previews the real card and publishes into a real campaign', async () => {
    const docx = await buildDocx([
      styled('Heading1', 'Cloud storage'),
      bullet('I will save work only to school storage.'),
    ]);
    const token = await conduct().entra.tokenFor({ oid: itManager });
    const response = await fetch(`${conduct().app.url}/api/policy-imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': docxType },
      body: docx,
    });
    const imported = (await response.json()) as ImportedBody;
    expect(response.status).toBe(200);
    expect(imported).toMatchObject({ headings: 1, bullets: 1 });

    const policy = await call<PolicyView>('POST', '/api/policies', {
      body: { title: 'Cloud storage', audiences: ['staff'], scope: 'trust' },
    });
    expect(policy.status).toBe(201);
    const draft = await call<VersionView>('POST', `/api/policies/${policy.body.id}/versions`, {
      body: versionInput({ bodyMarkdown: imported.markdown }),
    });
    expect(draft.status).toBe(201);
    const versionPath = `/api/policies/${policy.body.id}/versions/${draft.body.id}`;

    const preview = await call<{ card: { type: string } }>('GET', `${versionPath}/preview`);
    expect(preview.status).toBe(200);
    expect(preview.body.card.type).toBe('AdaptiveCard');
    expect(JSON.stringify(preview.body.card)).toContain('Cloud storage');
    expect(JSON.stringify(preview.body.card)).toContain(versionInput().keyPoints[0]);

    const published = await call<{ campaignId: string; version: VersionView }>(
      'POST',
      `${versionPath}/publish`,
    );
    expect(published.status).toBe(200);
    const campaign = await conduct().models.Campaign.findOne({ policyVersionId: draft.body.id }).lean();
    expect(campaign?._id.toString()).toBe(published.body.campaignId);
    const again = await call('POST', `${versionPath}/publish`);
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe('policy_version_published');
  });
});
