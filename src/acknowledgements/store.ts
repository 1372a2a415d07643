import type { Types } from 'mongoose';
import type { Models } from '../store/models';
import { isDuplicateKey } from '../store/duplicate-key';
import { anyOf } from '../store/filters';
import type { ReadWithPolicy } from '../policies';
import type { Acknowledgement } from './model';

export interface NewAcknowledgement {
  tenantId: string;
  personId: Types.ObjectId;
  policyId: Types.ObjectId;
  policyVersionId: Types.ObjectId;
  signedName: string;
  jobTitle?: string | undefined;
  signedAt: Date;
  contentHash: string;
  via: 'card' | 'tab';
  noticesShown?: string[];
  readWith?: ReadWithPolicy[];
}

export interface RecordedAcknowledgement {
  acknowledgement: Acknowledgement;
  /** False when this person had already signed this version; the earlier record is returned. */
  created: boolean;
}

/**
 * Stores a signature exactly once. The unique index on (person, version) decides races: the
 * loser of a concurrent or repeated sign gets the winner's record back.
 */
export async function recordAcknowledgement(
  models: Pick<Models, 'Acknowledgement'>,
  input: NewAcknowledgement,
): Promise<RecordedAcknowledgement> {
  try {
    const created = await models.Acknowledgement.create(input);
    return { acknowledgement: created.toObject(), created: true };
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const existing = await models.Acknowledgement.findOne({
      personId: input.personId,
      policyVersionId: input.policyVersionId,
    }).lean<Acknowledgement>();
    if (!existing) throw error;
    return { acknowledgement: existing, created: false };
  }
}

/** The ids (as text) of the people who signed any of these versions. */
export async function signersOf(
  models: Pick<Models, 'Acknowledgement'>,
  versionIds: readonly Types.ObjectId[],
): Promise<string[]> {
  const signed = await models.Acknowledgement.find({ policyVersionId: anyOf(versionIds) })
    .select({ personId: 1 })
    .lean<Pick<Acknowledgement, 'personId'>[]>();
  return signed.map((ack) => ack.personId.toString());
}

/** The person's signature of this version, or undefined. */
export async function signatureOf(
  models: Pick<Models, 'Acknowledgement'>,
  personId: Types.ObjectId,
  policyVersionId: Types.ObjectId,
): Promise<Acknowledgement | undefined> {
  return (
    (await models.Acknowledgement.findOne({ personId, policyVersionId }).lean<Acknowledgement>()) ?? undefined
  );
}

/** The person's signatures of any of these versions. */
export function signaturesBy(
  models: Pick<Models, 'Acknowledgement'>,
  personId: Types.ObjectId,
  versionIds: readonly Types.ObjectId[],
): Promise<Acknowledgement[]> {
  return models.Acknowledgement.find({ personId, policyVersionId: anyOf(versionIds) }).lean<
    Acknowledgement[]
  >();
}

/** Of these people, those who signed this version, and when. */
export async function signaturesAmong(
  models: Pick<Models, 'Acknowledgement'>,
  policyVersionId: Types.ObjectId,
  personIds: readonly Types.ObjectId[],
): Promise<Map<string, Date>> {
  if (personIds.length === 0) return new Map();
  const found = await models.Acknowledgement.find({ personId: anyOf(personIds), policyVersionId })
    .select({ _id: 0, personId: 1, signedAt: 1 })
    .lean<Pick<Acknowledgement, 'personId' | 'signedAt'>[]>();
  return new Map(found.map((ack) => [ack.personId.toString(), ack.signedAt]));
}

/** How many people have signed this version. */
export function signatureCount(
  models: Pick<Models, 'Acknowledgement'>,
  policyVersionId: Types.ObjectId,
): Promise<number> {
  return models.Acknowledgement.countDocuments({ policyVersionId }).exec();
}
