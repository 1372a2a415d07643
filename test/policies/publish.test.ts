import { Types } from 'mongoose';
import { createActor } from '../../src/directory/actor';
import { AppError } from '../../src/errors';
import { publishPolicyVersion, type StartCampaign } from '../../src/policies/publish';
import { createDraftVersion, publishVersion, type DraftFields } from '../../src/policies/store';
import { useTestDatabase } from '../support/database';

const fields = (label: string, material = true): DraftFields => ({
  label,
  bodyMarkdown: `# Printing\n\nPrint only what you need (${label}).`,
  keyPoints: ['Print double-sided', 'Collect your printing', 'Recycle spare copies'],
  effectiveDate: new Date('2026-09-01'),
  reviewDate: new Date('2026-07-01'),
  nextReviewDate: new Date('2027-07-01'),
  dueDays: 14,
  material,
});

/** Resolves for every caller once `parties` callers have arrived. */
function barrier(parties: number): () => Promise<void> {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return () => {
    arrived += 1;
    if (arrived === parties) open();
    return opened;
  };
}

describe('publishing policy versions', () => {
  const db = useTestDatabase();
  const tenantId = 'tenant-publish';
  const personId = new Types.ObjectId();
  const actor = createActor({
    tenantId,
    personId,
    entraObjectId: 'e1',
    displayName: 'Ivy Tech',
    roles: [{ role: 'it_manager', scopeKey: 'trust' }],
  });
  const silent = { error: jest.fn() };

  async function newPolicy(title: string) {
    const created = await db().models.Policy.create({
      tenantId,
      title,
      audiences: ['staff'],
      scope: 'trust',
      ownerId: personId,
    });
    return created.toObject();
  }

  it('lets only one of two drafts published at the same moment replace the current version', async () => {
    const { models } = db();
    const policy = await newPolicy('Printing');
    const first = await createDraftVersion(models, policy, fields('v1'), personId);
    await publishVersion(models, first._id, personId, new Date());
    const [a, b] = [
      await createDraftVersion(models, policy, fields('v2a', false), personId),
      await createDraftVersion(models, policy, fields('v2b', false), personId),
    ];
    // The overlap is forced, not hoped for: each publish reads the current version, then waits at
    // its write until the other has read too (on a busy machine they would otherwise run one after
    // the other, and both rightly succeed).
    const bothRead = barrier(2);
    let writes = 0;
    const write = models.PolicyVersion.findOneAndUpdate.bind(models.PolicyVersion);
    const held = jest.spyOn(models.PolicyVersion, 'findOneAndUpdate').mockImplementation(((
      ...args: Parameters<typeof write>
    ) => {
      writes += 1;
      return bothRead().then(() => write(...args));
    }) as unknown as typeof write);
    const results = await Promise.allSettled([
      publishVersion(models, a._id, personId, new Date()),
      publishVersion(models, b._id, personId, new Date()),
    ]).finally(() => held.mockRestore());
    expect(writes).toBe(2);
    const won = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const lost = results.flatMap((result) =>
      result.status === 'rejected' ? [result.reason as unknown] : [],
    );
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]).toBeInstanceOf(AppError);
    expect(lost[0]).toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('published at the same moment'),
    });
    expect(won[0]!.acceptsSignaturesOf.map(String)).toEqual([first._id.toString()]);
    const stored = await models.Policy.findById(policy._id).lean();
    expect(stored?.currentVersionId?.equals(won[0]!._id)).toBe(true);
    const loser = won[0]!._id.equals(a._id) ? b : a;
    expect((await models.PolicyVersion.findById(loser._id).lean())?.status).toBe('draft');
  });

  it('finishes a publish that stopped before the version became current, when it is published again', async () => {
    const { models } = db();
    const policy = await newPolicy('Passwords');
    const draft = await createDraftVersion(models, policy, fields('v1'), personId);
    const published = await publishVersion(models, draft._id, personId, new Date());
    // As if the server stopped between publishing the version and pointing the policy at it.
    await models.Policy.updateOne({ _id: policy._id }, { $unset: { currentVersionId: 1 } });

    const startCampaign = jest.fn<ReturnType<StartCampaign>, Parameters<StartCampaign>>(() =>
      Promise.resolve({ campaignId: 'c-1' }),
    );
    const result = await publishPolicyVersion(
      { models, startCampaign },
      actor,
      policy._id.toString(),
      draft._id.toString(),
      silent,
    );
    expect(result).toMatchObject({
      campaignId: 'c-1',
      version: { isCurrent: true, contentHash: published.contentHash },
    });
    expect((await models.Policy.findById(policy._id).lean())?.currentVersionId?.equals(draft._id)).toBe(true);
    expect(startCampaign.mock.calls[0]![0].policy.currentVersionId?.equals(draft._id)).toBe(true);
  });

  it('refuses to start a campaign again for a version that is no longer current', async () => {
    const { models } = db();
    const policy = await newPolicy('Copyright');
    const old = await createDraftVersion(models, policy, fields('v1'), personId);
    await publishVersion(models, old._id, personId, new Date());
    const next = await createDraftVersion(models, policy, fields('v2'), personId);
    await publishVersion(models, next._id, personId, new Date());
    const startCampaign = jest.fn<ReturnType<StartCampaign>, Parameters<StartCampaign>>();
    await expect(
      publishPolicyVersion(
        { models, startCampaign },
        actor,
        policy._id.toString(),
        old._id.toString(),
        silent,
      ),
    ).rejects.toMatchObject({ code: 'policy_version_published' });
    expect(startCampaign).not.toHaveBeenCalled();
  });
});
