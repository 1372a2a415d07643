import { anyOf, unset } from '../store/filters';
import type { Acknowledgement } from '../acknowledgements';
import type { Campaign, Delivery } from '../campaigns';
import type { Models } from '../store/models';

/** A signature as the figures need it; the name and job title only when asked for. */
export interface SignatureRecord {
  readonly signedAt: Date;
  readonly signedName?: string;
  readonly jobTitle?: string | null;
}

/** versionId → personId → their signature. */
export type SignatureIndex = Map<string, Map<string, SignatureRecord>>;

export async function loadSignatures(
  models: Pick<Models, 'Acknowledgement'>,
  versionIds: readonly string[],
  options: { names?: boolean } = {},
): Promise<SignatureIndex> {
  const signatures = await models.Acknowledgement.find({
    policyVersionId: anyOf(new Set(versionIds)),
  })
    .select({
      _id: 0,
      personId: 1,
      policyVersionId: 1,
      signedAt: 1,
      ...(options.names ? { signedName: 1, jobTitle: 1 } : {}),
    })
    .lean<Pick<Acknowledgement, 'personId' | 'policyVersionId' | 'signedAt' | 'signedName' | 'jobTitle'>[]>();
  const index: SignatureIndex = new Map();
  for (const { personId, policyVersionId, ...record } of signatures) {
    const key = policyVersionId.toString();
    const people = index.get(key) ?? new Map<string, SignatureRecord>();
    people.set(personId.toString(), record);
    index.set(key, people);
  }
  return index;
}

/** versionId → personId → the delivery's due date. */
export type DueIndex = Map<string, Map<string, Date>>;

/** The due date of every card of the versions' campaigns, and each version's campaign. */
export async function loadDueDates(
  models: Pick<Models, 'Campaign' | 'Delivery'>,
  versionIds: readonly string[],
): Promise<{ dues: DueIndex; campaignOf: Map<string, string> }> {
  const campaigns = await models.Campaign.find({ policyVersionId: anyOf(versionIds) })
    .select({ _id: 1, policyVersionId: 1 })
    .lean<Pick<Campaign, '_id' | 'policyVersionId'>[]>();
  const campaignOf = new Map(campaigns.map((c) => [c.policyVersionId.toString(), c._id.toString()]));
  const dues: DueIndex = new Map();
  if (campaigns.length === 0) return { dues, campaignOf };
  // By campaign, not by version: deliveries are indexed by campaign on a real MongoDB.
  // Only the unsigned need a due date, and signing stamps the card with signedAt.
  const deliveries = await models.Delivery.find({
    campaignId: anyOf(campaigns.map((c) => c._id)),
    signedAt: unset(),
  })
    .select({ _id: 0, personId: 1, policyVersionId: 1, dueAt: 1 })
    .lean<Pick<Delivery, 'personId' | 'policyVersionId' | 'dueAt'>[]>();
  for (const d of deliveries) {
    const key = d.policyVersionId.toString();
    const people = dues.get(key) ?? new Map<string, Date>();
    people.set(d.personId.toString(), d.dueAt);
    dues.set(key, people);
  }
  return { dues, campaignOf };
}
