import { Types } from 'mongoose';
import type { Policy, PolicyVersion } from '../../src/policies/model';
import { createDraftVersion, publishVersion as publishDraft } from '../../src/policies/store';
import type { Models } from '../../src/store/models';
import { testTenantId } from './teams';

/**
 * Creates a trust-wide staff policy and publishes a version straight through the store (no API, no
 * campaign yet): for tests and benchmarks that start the campaign themselves.
 */
export async function publishStaffPolicyInStore(
  models: Models,
  title: string,
): Promise<{ policy: Policy; version: PolicyVersion; owner: Types.ObjectId }> {
  const owner = new Types.ObjectId();
  const created = await models.Policy.create({
    tenantId: testTenantId,
    title,
    audiences: ['staff'],
    scope: 'trust',
    ownerId: owner,
  });
  const draft = await createDraftVersion(
    models,
    created,
    {
      label: '2026.1',
      bodyMarkdown: '# Our code\n\n- I will use school systems responsibly.',
      keyPoints: ['Use systems responsibly', 'Protect pupil data', 'Report concerns'],
      effectiveDate: new Date('2026-09-01'),
      reviewDate: new Date('2026-08-01'),
      nextReviewDate: new Date('2027-08-01'),
      dueDays: 10,
      material: true,
    },
    owner,
  );
  const version = await publishDraft(models, draft._id, owner, new Date());
  const policy = (await models.Policy.findById(created._id).lean<Policy>())!;
  return { policy, version, owner };
}
