import { Schema } from 'mongoose';

/**
 * Bot turns Conduct has taken on: a message ("conversation|activity id") or a card action (who
 * pressed what on which card). A turn is leased while it runs and marked done only once it
 * succeeded, so Teams' redelivery of a failed turn runs it again and a succeeded one never twice.
 * `response` keeps what a card action answered, so a retried press gets the same card back.
 * Records are pruned by a job (src/store/turn-ledger.ts; no TTL index on every MongoDB Conduct runs on).
 */
export interface ProcessedActivity {
  _id: string;
  /** When the turn was taken on, or finished. */
  at: Date;
  state: 'running' | 'done';
  /** Whose lease this is; only its holder completes or releases it. */
  lease?: string;
  /** A running turn whose worker died is taken over once this has passed. */
  leasedUntil?: Date;
  /** A card action's answer, as JSON. */
  response?: string;
}

export const processedActivitySchema = new Schema<ProcessedActivity>(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
    state: { type: String, enum: ['running', 'done'], required: true, default: 'done' },
    lease: { type: String },
    leasedUntil: { type: Date },
    response: { type: String },
  },
  { versionKey: false },
);
processedActivitySchema.index({ at: 1 });
