import { z } from 'zod';
import { idText } from '../shared/input';
import { audiences } from '../directory';

const title = z
  .string()
  .trim()
  .min(3, 'must be at least 3 characters')
  .max(200, 'must be at most 200 characters');
const audienceList = z
  .array(z.enum(audiences))
  .min(1, 'name at least one of staff, governor, visitor')
  .transform((list) => [...new Set(list)]);
const schoolIdList = z
  .array(idText)
  .max(500)
  .transform((ids) => [...new Set(ids.map((id) => id.toLowerCase()))]);

/** A new policy: who it is for, which schools (or the whole trust), and who owns it (default: you). */
export const newPolicyInput = z
  .strictObject({
    title,
    audiences: audienceList,
    scope: z.enum(['trust', 'schools']),
    schoolIds: schoolIdList.optional(),
    ownerId: idText.optional(),
  })
  .superRefine(
    (policy, context) => {
      const { scope, schoolIds } = (isRecord(policy) ? policy : {}) as Partial<typeof policy>;
      const problem =
        scope === 'trust' || scope === 'schools'
          ? scopeProblem(scope, Array.isArray(schoolIds) ? schoolIds : undefined)
          : undefined;
      if (problem) context.addIssue({ code: 'custom', path: ['schoolIds'], message: problem });
    },
    { when: () => true },
  );
export type NewPolicy = z.infer<typeof newPolicyInput>;

export const policyChangesInput = z
  .strictObject({
    title: title.optional(),
    audiences: audienceList.optional(),
    scope: z.enum(['trust', 'schools']).optional(),
    schoolIds: schoolIdList.optional(),
    ownerId: idText.optional(),
  })
  .refine(
    (changes) => Object.keys(changes).length > 0,
    'send at least one of title, audiences, scope, schoolIds, ownerId',
  );
export type PolicyChanges = z.infer<typeof policyChangesInput>;

/** Why a scope and its school list do not fit together, or undefined when they do. */
export function scopeProblem(
  scope: 'trust' | 'schools',
  schoolIds: readonly string[] | undefined,
): string | undefined {
  if (scope === 'schools' && (schoolIds ?? []).length === 0) {
    return 'name at least one school when the scope is "schools"';
  }
  if (scope === 'trust' && (schoolIds ?? []).length > 0) {
    return 'leave out the schools when the scope is the whole trust ("trust")';
  }
  return undefined;
}

/** A calendar date as people type it: YYYY-MM-DD, a real day between 2000 and 2099. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine((text) => isRealDate(text), 'is not a real calendar date')
  .refine(
    (text) => text >= '2000-01-01' && text <= '2099-12-31',
    'must be between 2000-01-01 and 2099-12-31',
  );

function isRealDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

const versionFields = {
  label: z.string().trim().min(1, 'is required').max(40, 'must be at most 40 characters'),
  bodyMarkdown: z
    .string()
    .max(500_000, 'must be at most 500,000 characters')
    .refine((body) => body.trim().length > 0, 'is required: the full text of the policy'),
  keyPoints: z
    .array(
      z.string().trim().min(3, 'must be at least 3 characters').max(300, 'must be at most 300 characters'),
    )
    .min(3, 'give at least 3 key points for the card')
    .max(8, 'give at most 8 key points: the card must stay short'),
  notices: z
    .array(
      z.strictObject({
        heading: z
          .string()
          .trim()
          .min(2, 'must be at least 2 characters')
          .max(80, 'must be at most 80 characters'),
        text: z
          .string()
          .trim()
          .min(3, 'must be at least 3 characters')
          .max(600, 'must be at most 600 characters'),
      }),
    )
    .max(5, 'give at most 5 notices: each is shown above the signature')
    .optional(),
  readWith: z
    .array(idText)
    .max(5, 'name at most 5 policies to read with this one')
    .transform((ids) => [...new Set(ids.map((id) => id.toLowerCase()))])
    .optional(),
  effectiveDate: isoDate,
  reviewDate: isoDate,
  nextReviewDate: isoDate,
  dueDays: z
    .number()
    .int('must be a whole number of days')
    .min(1, 'must be at least 1 day')
    .max(365, 'must be at most 365 days'),
  material: z.boolean(),
};

/** The dates of a version, as far as they are known. */
export type VersionDates = Partial<Record<'effectiveDate' | 'reviewDate' | 'nextReviewDate', string>>;

/**
 * The checks across a version's dates. The review date is when this text was last reviewed; the
 * next review must not come before it, and the version must take effect before it is due for review.
 */
export function dateProblems(dates: VersionDates): { path: string; message: string }[] {
  const { effectiveDate, reviewDate, nextReviewDate } = dates;
  const problems: { path: string; message: string }[] = [];
  if (reviewDate && nextReviewDate && nextReviewDate < reviewDate) {
    problems.push({
      path: 'nextReviewDate',
      message: `must be on or after the review date (${reviewDate}): the next review cannot come before the last one`,
    });
  }
  if (effectiveDate && nextReviewDate && nextReviewDate <= effectiveDate) {
    problems.push({
      path: 'nextReviewDate',
      message: `must be after the effective date (${effectiveDate}): a version cannot be due for review before it takes effect`,
    });
  }
  return problems;
}

/**
 * A new draft version. The date checks run even when other fields are wrong (`when`), so one
 * answer lists every problem.
 */
export const newVersionInput = z.strictObject(versionFields).superRefine(
  (version, context) => {
    for (const problem of dateProblems(validDates(version))) {
      context.addIssue({ code: 'custom', path: [problem.path], message: problem.message });
    }
  },
  { when: () => true },
);
export type NewVersion = z.infer<typeof newVersionInput>;

/** Changes to a draft; the dates are checked against the stored ones by the use case. */
export const versionChangesInput = z
  .strictObject(versionFields)
  .partial()
  .refine((changes) => Object.keys(changes).length > 0, 'send at least one field of the version to change');
export type VersionChanges = z.infer<typeof versionChangesInput>;

/** The dates of a (possibly invalid) input that are themselves valid, for the cross-date checks. */
function validDates(value: unknown): VersionDates {
  if (!isRecord(value)) return {};
  const record = value;
  const dates: VersionDates = {};
  for (const key of ['effectiveDate', 'reviewDate', 'nextReviewDate'] as const) {
    const parsed = isoDate.safeParse(record[key]);
    if (parsed.success) dates[key] = parsed.data;
  }
  return dates;
}

export const pageQueryInput = z.strictObject({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});

export const importQueryInput = z.strictObject({
  filename: z.string().trim().min(1).max(255).optional(),
});

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
