import type { BotUnderTest } from './conduct';

/** Our own sample policy text for tests (never the school's documents). */
export const sampleVersion = (label: string, material = true): Record<string, unknown> => ({
  label,
  bodyMarkdown:
    '# Using school computers\n\nThese rules keep pupils, staff and the school safe online.\n\n- I will keep my passwords to myself.\n- I will lock my screen when I leave my desk.\n- I will report anything that worries me at once.',
  keyPoints: [
    'Keep your passwords private',
    'Lock your screen when you step away',
    'Report a virus or a worry straight away',
  ],
  effectiveDate: '2026-09-01',
  reviewDate: '2026-08-15',
  nextReviewDate: '2027-08-15',
  dueDays: 14,
  material,
});

/** Creates a trust-wide staff policy and publishes a version, as the IT manager would in the tab. */
export async function publishPolicy(
  conduct: BotUnderTest,
  itManagerObjectId: string,
  title: string,
  label = '2026.1',
): Promise<{ policyId: string; versionId: string; campaignId: string }> {
  const policy = await conduct.api<{ id: string }>('POST', '/api/policies', {
    as: itManagerObjectId,
    body: { title, audiences: ['staff'], scope: 'trust' },
  });
  if (policy.status !== 201)
    throw new Error(`create policy: ${policy.status} ${JSON.stringify(policy.body)}`);
  return publishVersion(conduct, itManagerObjectId, policy.body.id, label);
}

export async function publishVersion(
  conduct: BotUnderTest,
  itManagerObjectId: string,
  policyId: string,
  label: string,
  material = true,
): Promise<{ policyId: string; versionId: string; campaignId: string }> {
  const version = await conduct.api<{ id: string }>('POST', `/api/policies/${policyId}/versions`, {
    as: itManagerObjectId,
    body: sampleVersion(label, material),
  });
  if (version.status !== 201)
    throw new Error(`add version: ${version.status} ${JSON.stringify(version.body)}`);
  const published = await conduct.api<{ campaignId: string }>(
    'POST',
    `/api/policies/${policyId}/versions/${version.body.id}/publish`,
    { as: itManagerObjectId },
  );
  if (published.status !== 200 && published.status !== 201) {
    throw new Error(`publish: ${published.status} ${JSON.stringify(published.body)}`);
  }
  return { policyId, versionId: version.body.id, campaignId: published.body.campaignId };
}
