import type { FilterQuery } from 'mongoose';
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
