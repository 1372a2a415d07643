import { Types } from 'mongoose';
import { AppError } from '../../src/errors';
import {
  createDraftVersion,
  publishVersion,
  reviseDraftVersion,
  type DraftFields,
} from '../../src/policies/store';
import { useTestDatabase } from '../support/database';

const draftFields: DraftFields = {
  label: '2026.1',
  bodyMarkdown: '# Using school devices\n\nI will keep my password to myself.',
  keyPoints: ['Keep passwords private', 'Report a virus at once', 'Lock your screen'],
  effectiveDate: new Date('2026-09-01'),
  reviewDate: new Date('2026-08-15'),
  nextReviewDate: new Date('2027-08-15'),
  dueDays: 14,
  material: true,
};

describe('a published policy version cannot be changed', () => {
  const db = useTestDatabase();
  const actor = new Types.ObjectId();

  async function publishedVersion() {
    const { models } = db();
    const policy = await models.Policy.create({
      tenantId: 'tenant-1',
      title: `Acceptable use ${new Types.ObjectId().toString()}`,
      audiences: ['staff'],
      scope: 'trust',
      ownerId: actor,
    });
    const draft = await createDraftVersion(models, policy, draftFields, actor);
    return publishVersion(models, draft._id, actor, new Date('2026-11-21T10:00:00Z'));
  }

  it('publishes with a content hash and becomes the current version', async () => {
    const version = await publishedVersion();
    expect(version.status).toBe('published');
    expect(version.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    const policy = await db().models.Policy.findById(version.policyId).lean();
    expect(policy?.currentVersionId?.equals(version._id)).toBe(true);
  });

  it('lets a draft be revised', async () => {
    const { models } = db();
    const policy = await models.Policy.create({
      tenantId: 'tenant-1',
      title: 'Remote learning',
      audiences: ['staff'],
      scope: 'trust',
      ownerId: actor,
    });
    const draft = await createDraftVersion(models, policy, draftFields, actor);
    const revised = await reviseDraftVersion(models, draft._id, { dueDays: 21 });
    expect(revised.dueDays).toBe(21);
  });

  it('refuses a revision of a published version with a clear error and leaves it as it was', async () => {
    const version = await publishedVersion();
    const error = await reviseDraftVersion(db().models, version._id, {
      bodyMarkdown: 'Something else',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'policy_version_published', status: 409 });
    const stored = await db().models.PolicyVersion.findById(version._id).lean();
    expect(stored?.bodyMarkdown).toBe(draftFields.bodyMarkdown);
    expect(stored?.contentHash).toBe(version.contentHash);
  });

  it('ignores direct updates, deletes and re-publishing of a published version', async () => {
    const { PolicyVersion } = db().models;
    const version = await publishedVersion();
    const update = await PolicyVersion.updateOne({ _id: version._id }, { $set: { keyPoints: ['changed'] } });
    const deletion = await PolicyVersion.deleteOne({ _id: version._id });
    expect(update.modifiedCount).toBe(0);
    expect(deletion.deletedCount).toBe(0);
    await expect(publishVersion(db().models, version._id, actor, new Date())).rejects.toMatchObject({
      code: 'policy_version_published',
    });
    const document = await PolicyVersion.findById(version._id);
    document!.set('label', '9999.9');
    await expect(document!.save()).rejects.toMatchObject({ code: 'policy_version_published' });
    expect((await PolicyVersion.findById(version._id).lean())?.label).toBe('2026.1');
  });
});
