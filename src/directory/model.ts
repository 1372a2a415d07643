import { Schema, type InferSchemaType, type Types } from 'mongoose';
import { roles, type Role } from './labels';

export const audiences = ['staff', 'governor', 'visitor'] as const;
export type Audience = (typeof audiences)[number];

export { roles, type Role };

/** A school of the trust, with the Entra groups that say who its staff, governors and visitors are. */
export const schoolSchema = new Schema(
  {
    tenantId: { type: String, required: true },
    name: { type: String, required: true, trim: true, maxlength: 200 },
    /** Short code unique within the trust, e.g. "NHS" for North Hill School. */
    code: { type: String, required: true, trim: true, maxlength: 20 },
    groups: {
      staff: { type: String },
      governor: { type: String },
      visitor: { type: String },
    },
    timeZone: { type: String, default: 'Europe/London' },
  },
  { timestamps: true },
);
schoolSchema.index({ tenantId: 1, code: 1 }, { unique: true });

const membershipSchema = new Schema(
  {
    schoolId: { type: Schema.Types.ObjectId, required: true },
    audience: { type: String, enum: audiences, required: true },
  },
  { _id: false },
);

/** The stored Bot Framework conversation reference for a person's 1:1 chat with the bot. */
const conversationSchema = new Schema(
  {
    id: { type: String, required: true },
    serviceUrl: { type: String, required: true },
    tenantId: { type: String, required: true },
    botId: { type: String },
    channelId: { type: String, default: 'msteams' },
    storedAt: { type: Date, required: true },
  },
  { _id: false },
);

/**
 * A member of staff, governor or visitor, keyed by Entra tenant and object id. Never deleted: once
 * the retention period after they left has passed, anonymised (src/retention).
 */
export const personSchema = new Schema(
  {
    tenantId: { type: String, required: true },
    entraObjectId: { type: String, required: true },
    displayName: { type: String, required: true, trim: true, maxlength: 200 },
    email: { type: String, trim: true, lowercase: true, maxlength: 320 },
    jobTitle: { type: String, trim: true, maxlength: 200 },
    department: { type: String, trim: true, maxlength: 200 },
    /** An Entra B2B guest (usually a visitor). */
    guest: { type: Boolean, default: false },
    managerEntraObjectId: { type: String },
    memberships: { type: [membershipSchema], default: [] },
    /**
     * "schoolId:audience" for each membership. FerretDB's $elemMatch over sub-documents matches
     * nothing, so queries for "staff of school X" use this flat array instead.
     */
    membershipKeys: { type: [String], default: [] },
    active: { type: Boolean, required: true, default: true },
    deactivatedAt: { type: Date },
    /** When the retention schedule replaced their name and contact details (src/retention). */
    anonymisedAt: { type: Date },
    conversation: { type: conversationSchema },
    /** Why Conduct could not reach the person through Graph last time; cleared once a conversation is stored. */
    reachFailure: {
      reason: { type: String },
      /** Graph's HTTP status, e.g. 403. */
      status: { type: Number },
      at: { type: Date },
    },
    lastSyncedAt: { type: Date },
  },
  { timestamps: true },
);
personSchema.index({ tenantId: 1, entraObjectId: 1 }, { unique: true });
personSchema.index({ tenantId: 1, membershipKeys: 1, active: 1 });
personSchema.index({ tenantId: 1, active: 1, displayName: 1 });
personSchema.index({ tenantId: 1, active: 1, 'conversation.storedAt': 1 });
personSchema.index({ tenantId: 1, 'reachFailure.at': -1 });

/** A role held for one school, or for the whole trust (scopeKey "trust"). */
export const roleAssignmentSchema = new Schema(
  {
    tenantId: { type: String, required: true },
    personId: { type: Schema.Types.ObjectId, required: true },
    role: { type: String, enum: roles, required: true },
    /** The school's id as a string, or "trust". Never null, so the unique index needs no sparse/partial support. */
    scopeKey: { type: String, required: true },
    schoolId: { type: Schema.Types.ObjectId },
    grantedBy: { type: Schema.Types.ObjectId },
    source: { type: String, enum: ['conduct', 'entra'], default: 'conduct' },
  },
  { timestamps: true },
);
roleAssignmentSchema.index({ tenantId: 1, personId: 1, role: 1, scopeKey: 1 }, { unique: true });
roleAssignmentSchema.index({ tenantId: 1, role: 1, scopeKey: 1 });

/** What the directory says about a person, as use cases pass it around. */
export interface PersonProfile {
  entraObjectId: string;
  displayName: string;
  email: string | null;
  jobTitle: string | null;
  department: string | null;
  guest: boolean;
}

export type School = InferSchemaType<typeof schoolSchema> & { _id: Types.ObjectId };
export type Person = InferSchemaType<typeof personSchema> & { _id: Types.ObjectId };
export type RoleAssignment = InferSchemaType<typeof roleAssignmentSchema> & { _id: Types.ObjectId };
