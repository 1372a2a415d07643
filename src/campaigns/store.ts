import type { Types } from 'mongoose';
import type { Models } from '../store/models';

export interface DeliverySignature {
  policyVersionId: Types.ObjectId;
  personId: Types.ObjectId;
  signedAt: Date;
}

/** Marks a person's delivery of a version signed, so no reminder goes after a signature. */
export async function markDeliverySigned(
  models: Pick<Models, 'Delivery'>,
  signature: DeliverySignature,
): Promise<void> {
  await models.Delivery.updateOne(
    { policyVersionId: signature.policyVersionId, personId: signature.personId },
    { $set: { signedAt: signature.signedAt }, $unset: { nextReminderAt: 1 } },
  );
}
