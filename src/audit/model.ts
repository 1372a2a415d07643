import { Schema, type InferSchemaType } from 'mongoose';
import { AppError } from '../errors';

/**
 * One thing someone did, appended to a per-tenant chain: each event carries the MAC of the one
 * before it and its own, an HMAC-SHA-256 under a key the database never holds, so an edit, a gap or
 * a rewrite shows. The _id is "<tenantId>:<seq, 12 digits>", so the chain streams in order over the
 * _id index and an event is found by its number without a scan (the embedded database scans every
 * other filter).
 */
export const auditEventSchema = new Schema(
  {
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    seq: { type: Number, required: true },
    at: { type: Date, required: true },
    actorId: { type: Schema.Types.ObjectId },
    /** e.g. "policy_version.published", "incident.read". */
    action: { type: String, required: true, maxlength: 80 },
    subject: {
      kind: { type: String, required: true, maxlength: 40 },
      id: { type: String, required: true, maxlength: 80 },
    },
    details: { type: Schema.Types.Mixed },
    /** The MAC of the event before (the genesis marker for the first). */
    prevHash: { type: String, required: true },
    /** "hmac-sha256:<hex>" over this event and prevHash. */
    hash: { type: String, required: true },
  },
  // Stored exactly as its MAC was computed: mongoose would otherwise drop empty objects in details
  // ({} or { changed: {} }), and the trail would then fail verification as if it had been edited.
  { versionKey: false, minimize: false },
);
auditEventSchema.index({ tenantId: 1, seq: 1 }, { unique: true });
auditEventSchema.index({ tenantId: 1, 'subject.kind': 1, 'subject.id': 1, seq: -1 });
auditEventSchema.index({ tenantId: 1, actorId: 1, seq: -1 });

function refuseChange(): never {
  throw new AppError('conflict', 'The audit trail is append-only.');
}
auditEventSchema.pre(['updateOne', 'updateMany', 'findOneAndUpdate', 'replaceOne'], refuseChange);
auditEventSchema.pre(['deleteOne', 'deleteMany', 'findOneAndDelete'], refuseChange);

export type AuditEvent = InferSchemaType<typeof auditEventSchema> & { _id: string };

/** The _id of a tenant's event number `seq`: string order is sequence order. */
export function auditEventId(tenantId: string, seq: number): string {
  return `${tenantId}:${String(seq).padStart(12, '0')}`;
}

/**
 * The head of a tenant's chain: how many events it holds (seq) and the last one's MAC, sealed by a
 * MAC of its own, so rolling it back to an earlier event needs the key. Read by _id so an append
 * never scans the trail, and advanced only by a conditional update from the sequence it last saw.
 */
export const auditHeadSchema = new Schema(
  {
    _id: { type: String, required: true },
    seq: { type: Number, required: true },
    hash: { type: String, required: true },
    mac: { type: String },
  },
  { versionKey: false },
);

export interface AuditHead {
  _id: string;
  seq: number;
  hash: string;
  mac?: string | undefined;
}

/**
 * A checkpoint of a tenant's chain taken by the daily verification: the count and the last MAC at
 * that moment, kept apart from the chain (and written to the log), so a trail cut back to before it
 * shows even when the head was rolled back with it. Ids, counts and MACs only.
 */
export const auditCheckpointSchema = new Schema(
  {
    tenantId: { type: String, required: true },
    seq: { type: Number, required: true },
    hash: { type: String, required: true },
    at: { type: Date, required: true },
    mac: { type: String, required: true },
  },
  { versionKey: false, collection: 'audit_checkpoints' },
);
auditCheckpointSchema.index({ tenantId: 1, seq: -1 });
auditCheckpointSchema.pre(['updateOne', 'updateMany', 'findOneAndUpdate', 'replaceOne'], refuseChange);
auditCheckpointSchema.pre(['deleteOne', 'deleteMany', 'findOneAndDelete'], refuseChange);

export type AuditCheckpoint = InferSchemaType<typeof auditCheckpointSchema>;
