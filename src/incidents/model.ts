import { Schema, type InferSchemaType, type Types } from 'mongoose';
import { incidentStatuses } from './status';

export { incidentStatuses, type IncidentStatus } from './status';

/** Why a report is urgent: a child in immediate danger, or under 24 hours left to tell the ICO. */
export const urgentReasons = ['immediate_danger', 'breach_deadline'] as const;
export type UrgentReason = (typeof urgentReasons)[number];

/** AES-256-GCM ciphertext of a safeguarding narrative; the key never leaves configuration. */
const sealedTextSchema = new Schema(
  {
    iv: { type: String, required: true },
    tag: { type: String, required: true },
    data: { type: String, required: true },
    keyId: { type: String, required: true },
  },
  { _id: false },
);

const timelineEntrySchema = new Schema(
  {
    at: { type: Date, required: true },
    by: { type: Schema.Types.ObjectId },
    /** e.g. "reported", "claimed", "status:triaged", "comment", "to_reporter", "escalated" (see timelineLabel). */
    what: { type: String, required: true, maxlength: 60 },
    note: { type: String, maxlength: 4_000 },
    /** The note of a restricted (safeguarding) incident, encrypted like its narrative. */
    sealedNote: { type: sealedTextSchema },
  },
  { _id: false },
);

/** A data breach's 72 hours from awareness, and whether (and why) the ICO is to be told. */
const breachSchema = new Schema(
  {
    deadlineAt: { type: Date, required: true },
    decision: {
      type: new Schema(
        {
          report: { type: Boolean, required: true },
          reason: { type: String, required: true, maxlength: 4_000 },
          decidedAt: { type: Date, required: true },
          decidedBy: { type: Schema.Types.ObjectId, required: true },
        },
        { _id: false },
      ),
    },
    /** Hours after awareness (24, 48, 60) whose reminder has been sent. */
    remindersSent: { type: [Number], default: [] },
  },
  { _id: false },
);

/** An incident report, from the first message to its closure. */
export const incidentSchema = new Schema(
  {
    tenantId: { type: String, required: true },
    /** e.g. INC-2026-0042; unique across the trust. */
    reference: { type: String, required: true },
    type: { type: String, required: true, maxlength: 60 },
    status: { type: String, enum: incidentStatuses, required: true, default: 'new' },
    schoolId: { type: Schema.Types.ObjectId },
    reporterId: { type: Schema.Types.ObjectId, required: true },
    ownerId: { type: Schema.Types.ObjectId },
    /** The role that handles this type, e.g. "ict_helpdesk"; child-safety concerns are "dsl" only. */
    handlingRole: { type: String, required: true },
    restricted: { type: Boolean, required: true, default: false },
    fields: { type: Schema.Types.Mixed, default: {} },
    sealedNarrative: { type: sealedTextSchema },
    reportedAt: { type: Date, required: true },
    /** When the school became aware (data breaches: the ICO's 72-hour clock starts here). */
    awareAt: { type: Date },
    timeline: { type: [timelineEntrySchema], default: [] },
    /** The ICO's clock (data breaches): the deadline and the DPO's decision to report or not. */
    breach: { type: breachSchema },
    /** When the people responsible were (about to be) told of the new report; set once. */
    notifiedAt: { type: Date },
    /** When nobody had taken ownership in time and the escalation roles were told. */
    escalatedAt: { type: Date },
    /**
     * From when the report is urgent (queue first, cards headed so) while it is open: at once for a
     * child in immediate danger; the last 24 of a data breach's 72 hours until the decision is recorded.
     */
    urgentFrom: { type: Date },
    urgentReason: { type: String, enum: urgentReasons },
    /** The report this one was raised from (a data breach raised from a lost device). */
    relatedReference: { type: String, maxlength: 20 },
    outcome: { type: String, maxlength: 4_000 },
    /** The outcome of a restricted incident, encrypted. */
    sealedOutcome: { type: sealedTextSchema },
    closedAt: { type: Date },
  },
  { timestamps: true, minimize: false },
);
incidentSchema.index({ reference: 1 }, { unique: true });
incidentSchema.index({ tenantId: 1, status: 1, reportedAt: -1 });
incidentSchema.index({ tenantId: 1, schoolId: 1, type: 1, status: 1 });
incidentSchema.index({ reporterId: 1, reportedAt: -1 });
incidentSchema.index({ tenantId: 1, reportedAt: -1 });
incidentSchema.index({ tenantId: 1, urgentFrom: 1, reportedAt: -1 });
// The subject-access export finds a person's incidents by each path that names them ($or: every
// branch needs its own index on MongoDB, or the whole query scans).
incidentSchema.index({ ownerId: 1 });
incidentSchema.index({ 'timeline.by': 1 });
incidentSchema.index({ 'breach.decision.decidedBy': 1 });

export type Incident = InferSchemaType<typeof incidentSchema> & { _id: Types.ObjectId };
