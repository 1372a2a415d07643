import { Schema, type InferSchemaType, type Query, type Types } from 'mongoose';
import { AppError } from '../errors';
import { audiences } from '../directory';

/** An ICT policy of the trust (e.g. the staff Acceptable Use Policy). Its text lives in versions. */
export const policySchema = new Schema(
  {
    tenantId: { type: String, required: true },
    title: { type: String, required: true, trim: true, maxlength: 200 },
    audiences: { type: [{ type: String, enum: audiences }], required: true },
    /** "trust" for every school, otherwise the listed schools. */
    scope: { type: String, enum: ['trust', 'schools'], required: true },
    schoolIds: { type: [Schema.Types.ObjectId], default: [] },
    ownerId: { type: Schema.Types.ObjectId, required: true },
    currentVersionId: { type: Schema.Types.ObjectId },
    archivedAt: { type: Date },
    /** Months between reviews: what a new review date defaults to, from the day it is set. */
    reviewPeriodMonths: { type: Number, min: 1, max: 60, default: 12 },
    /**
     * A next review date set after publishing (from the owner's review card or the tab). It holds
     * for the version named; a newly published version brings its own next review date.
     */
    review: new Schema(
      {
        versionId: { type: Schema.Types.ObjectId, required: true },
        nextReviewDate: { type: Date, required: true },
        setBy: { type: Schema.Types.ObjectId, required: true },
        setAt: { type: Date, required: true },
      },
      { _id: false },
    ),
  },
  { timestamps: true },
);
policySchema.index({ tenantId: 1, title: 1 }, { unique: true });
policySchema.index({ currentVersionId: 1 });

export const policyVersionStatuses = ['draft', 'published'] as const;

/** Another policy to read with a version, with its title as it was then (a version's and a signature's). */
export const readWithSchema = new Schema(
  {
    policyId: { type: Schema.Types.ObjectId, required: true },
    title: { type: String, required: true },
  },
  { _id: false },
);

/** One version of a policy's text. Immutable once published; the content hash is what people accept. */
export const policyVersionSchema = new Schema(
  {
    tenantId: { type: String, required: true },
    policyId: { type: Schema.Types.ObjectId, required: true },
    /** What staff see, e.g. "2024.1". Unique within the policy. */
    label: { type: String, required: true, trim: true, maxlength: 40 },
    status: { type: String, enum: policyVersionStatuses, required: true, default: 'draft' },
    bodyMarkdown: { type: String, required: true, maxlength: 500_000 },
    keyPoints: { type: [String], required: true },
    /**
     * Fixed notices every signer must have seen (monitoring, sanctions…): shown on the card above
     * the signature and on the reading page; part of what is accepted (the content hash).
     */
    notices: {
      type: [
        new Schema(
          {
            heading: { type: String, required: true, trim: true, maxlength: 80 },
            text: { type: String, required: true, trim: true, maxlength: 600 },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    /**
     * Other policies to be read with this one (the staff AUP with the online safety policy): the
     * card links them and the signer says which they read. Titles as they were when saved.
     */
    readWith: { type: [readWithSchema], default: [] },
    effectiveDate: { type: Date, required: true },
    reviewDate: { type: Date, required: true },
    nextReviewDate: { type: Date, required: true },
    dueDays: { type: Number, required: true, min: 1, max: 365 },
    /** A material change makes everyone sign again; a non-material one carries signatures over. */
    material: { type: Boolean, required: true },
    contentHash: { type: String },
    /**
     * Earlier versions whose signatures still count for this one: none after a material change;
     * after a non-material one, the previous current version and whatever it accepted. Set at publish.
     */
    acceptsSignaturesOf: { type: [Schema.Types.ObjectId], default: [] },
    /**
     * Published: the id of the version this one replaced as current ("first" for the first).
     * A draft: "draft:<its own id>". Unique per policy, so two versions can never both replace
     * the same one; a never-null value, because the embedded database has no partial indexes.
     */
    supersedesKey: {
      type: String,
      required: true,
      default: function draftKey(this: { _id: Types.ObjectId }) {
        return `draft:${this._id.toString()}`;
      },
    },
    publishedAt: { type: Date },
    publishedBy: { type: Schema.Types.ObjectId },
    createdBy: { type: Schema.Types.ObjectId, required: true },
  },
  { timestamps: true },
);
policyVersionSchema.index({ policyId: 1, label: 1 }, { unique: true });
policyVersionSchema.index({ policyId: 1, supersedesKey: 1 }, { unique: true });
policyVersionSchema.index({ policyId: 1, createdAt: -1 });
policyVersionSchema.index({ tenantId: 1, status: 1, nextReviewDate: 1 });

/*
 * Every update through the model can only touch a draft: publishing is itself the last update a
 * version receives (draft → published in one conditional write). Deletes are held to drafts too.
 */
function onlyDrafts(this: Query<unknown, unknown>): void {
  this.where({ status: 'draft' });
}
policyVersionSchema.pre(['updateOne', 'updateMany', 'findOneAndUpdate', 'replaceOne'], onlyDrafts);
policyVersionSchema.pre(['deleteOne', 'deleteMany', 'findOneAndDelete'], onlyDrafts);
policyVersionSchema.pre('save', function refusePublishedSave() {
  if (!this.isNew && this.$locals.loadedStatus === 'published') {
    throw new AppError('policy_version_published', 'A published policy version cannot be changed.');
  }
});
policyVersionSchema.post('init', function rememberStatus() {
  this.$locals.loadedStatus = this.get('status');
});

/** Another policy named by a version as one to read with it. */
export interface ReadWithPolicy {
  policyId: Types.ObjectId;
  title: string;
}

/** A fixed notice of a version, e.g. that internet and email use is monitored. */
export interface PolicyNotice {
  heading: string;
  text: string;
}

export type Policy = InferSchemaType<typeof policySchema> & { _id: Types.ObjectId };
export type PolicyVersion = InferSchemaType<typeof policyVersionSchema> & { _id: Types.ObjectId };
