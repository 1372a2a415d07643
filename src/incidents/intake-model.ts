import { Schema, type InferSchemaType, type Types } from 'mongoose';

/**
 * A report being made in the bot, one per person: the type, where the questions have got to and
 * the answers so far. Kept in the database (never in memory) so that a person can go away and come
 * back, and a restart of the app loses nothing. Deleted when the report is sent or cancelled.
 * Answers to sealed fields (safeguarding) are stored encrypted, as on the incident.
 */
export const intakeSchema = new Schema(
  {
    tenantId: { type: String, required: true },
    personId: { type: Schema.Types.ObjectId, required: true },
    type: { type: String, required: true, maxlength: 60 },
    /** Undefined until the person has said which school (asked only of people in several). */
    schoolId: { type: Schema.Types.ObjectId },
    /** "school", a field key, "confirm", or "sending" once the reference is taken. */
    step: { type: String, required: true, maxlength: 60 },
    /** Field key → answer (text, number, "yes"/"no"/"unsure", an ISO date); sealed fields hold ciphertext. */
    answers: { type: Schema.Types.Mixed, default: {} },
    /** Taken when the person says "send", before the incident is written, so a retry cannot make two. */
    reference: { type: String, maxlength: 20 },
    /** Raised from another report (a data breach from a lost device). */
    relatedReference: { type: String, maxlength: 20 },
    startedAt: { type: Date, required: true },
    lastActivityAt: { type: Date, required: true },
    /** Set when a stale intake was offered to resume or discard, until the person chooses. */
    resumeOfferedAt: { type: Date },
    /** Bumped on every change; an update names the revision it read, so two answers cannot both land. */
    revision: { type: Number, required: true, default: 0 },
  },
  { minimize: false, versionKey: false },
);
intakeSchema.index({ tenantId: 1, personId: 1 }, { unique: true });

export type Intake = InferSchemaType<typeof intakeSchema> & { _id: Types.ObjectId };
