import { Schema } from 'mongoose';

/**
 * Ids of bot activities already handled ("conversation|activity"), so a redelivered activity is
 * handled once. Pruned by a job after a few days (no TTL index on every MongoDB Conduct runs on).
 */
export const processedActivitySchema = new Schema(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
processedActivitySchema.index({ at: 1 });
