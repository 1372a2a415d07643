import { Schema, type InferSchemaType, type Types } from 'mongoose';
import { roles } from '../directory';

export const permissionStatuses = ['pending', 'approved', 'declined', 'expired'] as const;
export type PermissionStatus = (typeof permissionStatuses)[number];

export const decisionOutcomes = ['approved', 'approved_with_conditions', 'declined'] as const;
export type DecisionOutcome = (typeof decisionOutcomes)[number];

const answerSchema = new Schema(
  {
    key: { type: String, required: true, maxlength: 40 },
    label: { type: String, required: true, maxlength: 60 },
    value: { type: String, required: true, maxlength: 2_000 },
  },
  { _id: false },
);

/**
 * A request for permission, from the moment it is sent: what was asked (the answers, as the
 * questions were worded then), who may decide, the decision, and when an approval lapses.
 * Each move of its status is one conditional update on this one document, so two approvers
 * deciding at once cannot both win.
 */
export const permissionRequestSchema = new Schema(
  {
    tenantId: { type: String, required: true },
    /** PRM-2026-0007: unique in the trust. */
    reference: { type: String, required: true, maxlength: 20 },
    kind: { type: String, required: true, maxlength: 40 },
    /** The kind's label when asked (a later rename does not rewrite the register). */
    kindLabel: { type: String, required: true, maxlength: 80 },
    requesterId: { type: Schema.Types.ObjectId, required: true },
    schoolId: { type: Schema.Types.ObjectId },
    answers: { type: [answerSchema], default: [] },
    /** The first day the permission is for (start of that day in the school's time zone). */
    startsAt: { type: Date },
    /** When an approval lapses: the end of the "until" day. None: it does not lapse. */
    endsAt: { type: Date },
    approverRoles: { type: [{ type: String, enum: roles }], required: true },
    status: { type: String, enum: permissionStatuses, required: true, default: 'pending' },
    decision: {
      outcome: { type: String, enum: decisionOutcomes },
      reason: { type: String, maxlength: 1_000 },
      conditions: { type: String, maxlength: 1_000 },
      by: { type: Schema.Types.ObjectId },
      at: { type: Date },
    },
    requestedAt: { type: Date, required: true },
    /** When the holder was reminded that the approval is about to lapse. */
    remindedAt: { type: Date },
    expiredAt: { type: Date },
  },
  { versionKey: false },
);
permissionRequestSchema.index({ tenantId: 1, reference: 1 }, { unique: true });
permissionRequestSchema.index({ tenantId: 1, requestedAt: -1 });
permissionRequestSchema.index({ tenantId: 1, status: 1, requestedAt: -1 });
permissionRequestSchema.index({ tenantId: 1, requesterId: 1, requestedAt: -1 });

/**
 * A request being asked in the bot, one per person (its _id is "tenant:person", the one lookup the
 * embedded database answers without a scan). Deleted when it is sent or cancelled.
 */
export const permissionDraftSchema = new Schema(
  {
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    personId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, required: true, maxlength: 40 },
    /** A question's key, "school" (which school it is for) or "confirm". */
    step: { type: String, required: true, maxlength: 40 },
    /** The schools the person could ask for, when more than one: they choose first. */
    schoolChoices: { type: [Schema.Types.ObjectId], default: undefined },
    /** The school the request is for, once chosen (or the person's only school). */
    schoolId: { type: Schema.Types.ObjectId },
    /** Question key → the answer as given (days as YYYY-MM-DD). */
    answers: { type: Schema.Types.Mixed, default: {} },
    startedAt: { type: Date, required: true },
    lastActivityAt: { type: Date, required: true },
    /** Bumped on every change; an update names the revision it read, so two answers cannot both land. */
    revision: { type: Number, required: true, default: 0 },
  },
  { minimize: false, versionKey: false },
);
permissionDraftSchema.index({ tenantId: 1, personId: 1 }, { unique: true });

/** A trust's own permission kinds, when its trust admin has changed the defaults (_id: the tenant). */
export const permissionSettingsSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** The whole list, checked against `permissionKind` whenever it is read or written. */
    kinds: { type: Schema.Types.Mixed, required: true },
    updatedBy: { type: Schema.Types.ObjectId, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
// A subject-access request finds the settings a person last changed.
permissionSettingsSchema.index({ updatedBy: 1 });

export type PermissionRequest = InferSchemaType<typeof permissionRequestSchema> & { _id: Types.ObjectId };
export type PermissionDraft = InferSchemaType<typeof permissionDraftSchema>;
export type PermissionSettings = InferSchemaType<typeof permissionSettingsSchema>;
