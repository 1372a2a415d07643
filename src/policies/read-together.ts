import { Types } from 'mongoose';
import { AppError } from '../errors';
import type { Models } from '../store/models';
import type { Policy, ReadWithPolicy } from './model';
import { policyTitles } from './store';

/**
 * The policies a version names to be read with it, with their titles: each must be another policy
 * of the trust. Every problem is listed, by position, so the form can mark the wrong one.
 */
export async function readWithPolicies(
  models: Pick<Models, 'Policy'>,
  policy: Pick<Policy, '_id' | 'tenantId'>,
  ids: readonly string[],
): Promise<ReadWithPolicy[]> {
  const titles = await policyTitles(models, policy.tenantId, ids);
  const problems = ids.flatMap((id, index) =>
    id === policy._id.toString()
      ? [{ path: `readWith.${index}`, message: 'is this policy itself: name other policies to read with it' }]
      : titles.has(id)
        ? []
        : [{ path: `readWith.${index}`, message: 'is not a policy of this trust' }],
  );
  if (problems.length > 0) {
    throw new AppError('validation_failed', 'Some of the details sent are not valid.', problems);
  }
  return ids.map((id) => ({ policyId: new Types.ObjectId(id), title: titles.get(id)! }));
}

/**
 * Which of a version's read-together policies the signer says they read. The card's multi-select
 * sends "id,id"; the tab sends a list. An id the version does not name is refused, not ignored.
 */
export function policiesRead(
  named: readonly ReadWithPolicy[],
  sent: string | readonly string[] | undefined,
): { read: ReadWithPolicy[]; unknown: string[] } {
  const ids = (typeof sent === 'string' ? sent.split(',') : (sent ?? []))
    .map((id) => id.trim().toLowerCase())
    .filter(Boolean);
  const chosen = new Set(ids);
  return {
    read: named.filter((other) => chosen.has(other.policyId.toString())),
    unknown: ids.filter((id) => !named.some((other) => other.policyId.toString() === id)),
  };
}
