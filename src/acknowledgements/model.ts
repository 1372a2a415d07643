import { Schema, type InferSchemaType, type Types } from 'mongoose';
import { AppError } from '../errors';
import { readWithSchema } from '../policies';

/**
 * A person's signature on one policy version: immutable, and unique per person and version,
 * so a repeated or redelivered sign action can never create a second record.
 */
export const acknowledgementSchema = new Schema(
  {
    tenantId: { type: String, required: true },
    personId: { type: Schema.Types.ObjectId, required: true },
    policyId: { type: Schema.Types.ObjectId, required: true },
    policyVersionId: { type: Schema.Types.ObjectId, required: true },
    signedName: { type: String, required: true, trim: true, maxlength: 200 },
    jobTitle: { type: String, trim: true, maxlength: 200 },
    signedAt: { type: Date, required: true },
    /** The content hash of the version as it was accepted. */
    contentHash: { type: String, required: true },
    via: { type: String, enum: ['card', 'tab'], required: true },
    /** The headings of the version's fixed notices, shown above the signature when it was given. */
    noticesShown: { type: [String], default: [] },
    /** Of the policies the version names to be read with it, those the signer said they read. */
    readWith: { type: [readWithSchema], default: [] },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);
acknowledgementSchema.index({ personId: 1, policyVersionId: 1 }, { unique: true });
acknowledgementSchema.index({ policyVersionId: 1, signedAt: 1 });
acknowledgementSchema.index({ tenantId: 1, personId: 1 });

function refuseChange(): never {
  throw new AppError('conflict', 'An acknowledgement is a signed record and cannot be changed or removed.');
}
acknowledgementSchema.pre(['updateOne', 'updateMany', 'findOneAndUpdate', 'replaceOne'], refuseChange);
acknowledgementSchema.pre(['deleteOne', 'deleteMany', 'findOneAndDelete'], refuseChange);

export type Acknowledgement = InferSchemaType<typeof acknowledgementSchema> & { _id: Types.ObjectId };
