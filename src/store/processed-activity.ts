import { Schema, type Model } from 'mongoose';
import { isDuplicateKey } from './duplicate-key';

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

/**
 * Claims a one-off under a unique id (a welcome sent once per person); false when it was claimed
 * before. `releaseOnce` gives the claim back, so the next attempt may try again.
 */
export async function claimOnce(model: Model<ProcessedActivity>, id: string, at: Date): Promise<boolean> {
  try {
    await model.create({ _id: id, at });
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}

export async function releaseOnce(model: Model<ProcessedActivity>, id: string): Promise<void> {
  await model.deleteOne({ _id: id });
}
