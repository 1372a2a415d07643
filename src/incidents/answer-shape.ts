// What reading an answer gives back, apart from the readers themselves (in ./answers; times are
// read by the one time module, src/shared/time.ts).

/**
 * An answer as stored: text; "yes" / "no" / "unsure"; a count (null: not known); a moment as an
 * ISO string. Undefined means an optional question was skipped.
 */
export type AnswerValue = string | number | null;

export type ParsedAnswer =
  | { readonly ok: true; readonly value: AnswerValue | undefined }
  | { readonly ok: false; readonly problem: string };

export interface AnswerContext {
  readonly now: Date;
  /** The school's time zone: "14:30" means 14:30 there. */
  readonly timeZone: string;
}
