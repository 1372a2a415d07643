import { Schema, type Types } from 'mongoose';

/**
 * Where one person stands with one published version, as the summaries last counted them: the
 * summary cell they are counted in (null: not eligible), when they are due, and whether and when
 * they signed. Every change to a standing is a conditional update on `rev`, and only the writer whose
 * update matched adds its difference to the cells: a repeated or replayed event changes nothing.
 * `_id` is `<versionId>:<personId>`.
 */
export interface ComplianceStanding {
  _id: string;
  tenantId: string;
  policyVersionId: Types.ObjectId;
  personId: Types.ObjectId;
  /** The summary cell (`_id`) they are counted in; null when the version does not apply to them. */
  cell: string | null;
  /** Their matched membership keys and department, and their name: the outstanding list pages on these. */
  keys: string[];
  department: string | null;
  name: string;
  /** Local day (TIME_ZONE) their signature is due. */
  dueDay: string;
  /** Their card for this version, if one was made: the outstanding list reads it by `_id`. */
  deliveryId?: Types.ObjectId | null;
  signed: boolean;
  /**
   * Local day they signed this version; null when they signed an earlier version it accepts; left
   * out while unsigned (signing's claim sets it with `$min`, which keeps the day of a signature
   * already counted).
   */
  signedDay?: string | null;
  /** A later version of the policy was published: a signature of this one takes the slow path. */
  superseded?: boolean;
  rev: number;
}

export const complianceStandingSchema = new Schema<ComplianceStanding>(
  {
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    policyVersionId: { type: Schema.Types.ObjectId, required: true },
    personId: { type: Schema.Types.ObjectId, required: true },
    cell: { type: String, default: null },
    keys: { type: [String], default: [] },
    department: { type: String, default: null },
    name: { type: String, default: '' },
    dueDay: { type: String, required: true },
    deliveryId: { type: Schema.Types.ObjectId, default: null },
    signed: { type: Boolean, required: true },
    signedDay: { type: String, default: null },
    superseded: { type: Boolean },
    rev: { type: Number, required: true },
  },
  { versionKey: false },
);
// The rebuild reads a version's standings; the outstanding list pages through the unsigned by name.
complianceStandingSchema.index({ policyVersionId: 1, signed: 1, name: 1, personId: 1 });
// A subject-access request finds one person's standings.
complianceStandingSchema.index({ personId: 1, tenantId: 1 });

/**
 * The counts of one policy version for the people who share one set of membership keys (within
 * the policy: "<schoolId>:<audience>") and one department: a "cell". Kept current with `$inc`;
 * rebuilt from the source records by `rebuildComplianceSummaries`.
 */
export interface SummaryCell {
  keys: string[];
  department: string | null;
  eligible: number;
  signed: number;
  /** Signed an earlier version this one accepts. */
  carriedOver: number;
  /** Unsigned people by the local day they are due. */
  unsignedByDue: Record<string, number>;
  /** Signatures of this version by local day. */
  signedByDay: Record<string, number>;
}

/**
 * The summary of one policy version: every cell of it in one document, so that the overview reads
 * one document per version by `_id` (the one read the embedded database serves from an index).
 * `_id` is the version's id; `cells` is keyed by the part of the standing's `cell` after the version
 * (`<versionId>:<hash of keys and department>`).
 */
export interface ComplianceSummary {
  _id: string;
  tenantId: string;
  policyVersionId: Types.ObjectId;
  cells: Record<string, SummaryCell>;
}

export const complianceSummarySchema = new Schema<ComplianceSummary>(
  {
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    policyVersionId: { type: Schema.Types.ObjectId, required: true },
    cells: { type: Schema.Types.Mixed, default: {} },
  },
  { versionKey: false, minimize: false },
);
// The rebuild removes the summaries an older Conduct kept (one document per cell) by version.
complianceSummarySchema.index({ policyVersionId: 1 });
