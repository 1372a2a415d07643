import type { FilterQuery, Types } from 'mongoose';
import type { Models } from '../store/models';

/**
 * The records of one collection, named by its model, that match the filter, in `_id` order and as
 * stored: the subject-access export walks every collection of the privacy registry with it.
 */
export async function recordsMatching(
  models: Models,
  name: keyof Models,
  filter: FilterQuery<unknown>,
): Promise<Record<string, unknown>[]> {
  const model = models[name] as unknown as {
    find(filter: FilterQuery<unknown>): { sort(s: Record<string, 1>): { lean(): Promise<unknown[]> } };
  };
  return (await model.find(filter).sort({ _id: 1 }).lean()) as Record<string, unknown>[];
}

/**
 * One person's compliance standings, read by `_id` (a standing's is `<versionId>:<personId>`): one
 * lookup per version of the trust, since on the embedded database any other filter reads the whole
 * collection (one standing per person and version), and an `_id` lookup is an index search on both.
 */
export async function standingsOf(
  models: Pick<Models, 'PolicyVersion' | 'ComplianceStanding'>,
  tenantId: string,
  personId: Types.ObjectId,
): Promise<Record<string, unknown>[]> {
  const versions = await models.PolicyVersion.find({ tenantId }, { _id: 1 }).lean();
  const standings = await Promise.all(
    versions.map((version) =>
      models.ComplianceStanding.findById(`${version._id.toString()}:${personId.toString()}`).lean(),
    ),
  );
  return standings
    .filter((standing) => standing !== null && standing.tenantId === tenantId)
    .sort((a, b) => (a!._id < b!._id ? -1 : 1)) as unknown as Record<string, unknown>[];
}
