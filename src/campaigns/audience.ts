import { activeMembers, schoolNames, type Person } from '../directory';
import type { Policy } from '../policies';
import type { Models } from '../store/models';

export type Recipient = Pick<
  Person,
  | '_id'
  | 'tenantId'
  | 'entraObjectId'
  | 'displayName'
  | 'jobTitle'
  | 'conversation'
  | 'membershipKeys'
  | 'active'
  | 'managerEntraObjectId'
>;

export const recipientFields = {
  tenantId: 1,
  entraObjectId: 1,
  displayName: 1,
  jobTitle: 1,
  conversation: 1,
  membershipKeys: 1,
  active: 1,
  managerEntraObjectId: 1,
} as const;

/** The membership keys ("<schoolId>:<audience>") a policy asks to sign. */
export async function audienceKeys(models: Pick<Models, 'School'>, policy: Policy): Promise<string[]> {
  const schoolIds =
    policy.scope === 'trust'
      ? [...(await schoolNames(models, policy.tenantId)).keys()]
      : policy.schoolIds.map((id) => id.toString());
  return schoolIds.flatMap((school) => policy.audiences.map((audience) => `${school}:${audience}`));
}

/** Every active person the policy applies to. */
export async function eligiblePeople(
  models: Pick<Models, 'School' | 'Person'>,
  policy: Policy,
): Promise<Recipient[]> {
  const keys = await audienceKeys(models, policy);
  if (keys.length === 0) return [];
  return activeMembers<Recipient>(models, policy.tenantId, keys, recipientFields);
}
