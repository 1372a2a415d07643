import { Schema } from 'mongoose';

/** Named sequences (e.g. "incident:2026") advanced with one atomic $inc each. */
export const counterSchema = new Schema(
  {
    _id: { type: String, required: true },
    value: { type: Number, required: true, default: 0 },
  },
  { versionKey: false },
);
