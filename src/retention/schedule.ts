import { DateTime } from 'luxon';

/**
 * The retention schedule: how long each kind of record Conduct keeps is kept, from when, and what
 * happens at the end. Defaults follow the IRMS Information Management Toolkit for Schools where it
 * has an entry; docs/retention.md gives each entry and the reasoning where Conduct chose itself.
 */

/** The kinds of record the daily retention job acts on. */
export const disposableKinds = [
  'incident',
  'safeguarding-concern',
  'policy-signature',
  'card-delivery',
  'staff-directory',
  'incident-draft',
  'permission-request',
  'permission-draft',
] as const;
export type DisposableKind = (typeof disposableKinds)[number];

export interface RetentionRule {
  readonly kind: DisposableKind;
  /** What the records are, in the school's words. */
  readonly label: string;
  /** When the clock starts. */
  readonly from: string;
  readonly action: 'delete' | 'anonymise';
  readonly defaultMonths: number;
  /** A trust admin may shorten a period only down to this. */
  readonly minMonths: number;
  /** Where the default comes from. */
  readonly basis: string;
}

const years = (n: number): number => n * 12;

export const retentionRules: Readonly<Record<DisposableKind, RetentionRule>> = {
  incident: {
    kind: 'incident',
    label: 'Incident reports (ICT, online safety, data breaches)',
    from: 'the report was closed',
    action: 'delete',
    defaultMonths: years(6),
    minMonths: years(1),
    basis:
      'IRMS toolkit: no entry for ICT incidents; six years after closure, the period the toolkit uses for records that may support a claim (Limitation Act 1980)',
  },
  'safeguarding-concern': {
    kind: 'safeguarding-concern',
    label: 'Concerns about a child',
    from: 'the concern was closed',
    action: 'delete',
    defaultMonths: years(25),
    minMonths: years(25),
    basis:
      "IRMS toolkit, child protection files: the child's date of birth plus 25 years; Conduct does not hold the date of birth, so it counts 25 years from closure, which is never sooner",
  },
  'policy-signature': {
    kind: 'policy-signature',
    label: 'Policy signatures of people who have left',
    from: 'the person left the directory',
    action: 'delete',
    defaultMonths: years(6),
    minMonths: years(1),
    basis: 'IRMS toolkit, staff personnel file: end of employment plus 6 years',
  },
  'card-delivery': {
    kind: 'card-delivery',
    label: 'Cards sent to people who have left',
    from: 'the person left the directory',
    action: 'delete',
    defaultMonths: years(1),
    minMonths: 1,
    basis:
      'IRMS toolkit: no entry; a record of sending, not the signature itself, kept one year for questions about chasing',
  },
  'staff-directory': {
    kind: 'staff-directory',
    label: 'Directory entries of people who have left',
    from: 'the person left the directory',
    action: 'anonymise',
    defaultMonths: years(6),
    minMonths: years(1),
    basis:
      'IRMS toolkit, staff personnel file: end of employment plus 6 years; anonymised rather than deleted, so the audit trail still verifies',
  },
  'incident-draft': {
    kind: 'incident-draft',
    label: 'Reports started in the bot and never sent',
    from: 'the last answer',
    action: 'delete',
    defaultMonths: 1,
    minMonths: 1,
    basis:
      'IRMS toolkit: no entry; an unsent draft is not a record of the school, kept a month in case the person returns',
  },
  'permission-request': {
    kind: 'permission-request',
    label: 'Permission requests that were declined or have ended',
    from: 'the request was declined, or the approval ended',
    action: 'delete',
    defaultMonths: years(6),
    minMonths: years(1),
    basis:
      'IRMS toolkit: no entry for permission requests; six years after closure like incident reports, the period it uses for records that may support or answer a claim (Limitation Act 1980). An approval still in force, or one still waiting, is kept',
  },
  'permission-draft': {
    kind: 'permission-draft',
    label: 'Permission requests started in the bot and never sent',
    from: 'the last answer',
    action: 'delete',
    defaultMonths: 1,
    minMonths: 1,
    basis:
      'IRMS toolkit: no entry; like an unsent incident report, a request never sent is not a record of the school, kept a month in case the person returns',
  },
};

/** What the job never disposes of, and why (shown beside the schedule). */
export const keptRecords: readonly { readonly label: string; readonly kept: string }[] = [
  {
    label: 'Audit trail',
    kept: 'kept whole: it holds ids, codes and counts only, and a missing event would fail its verification',
  },
  { label: 'Policies and their versions', kept: 'kept while the policy exists: signatures refer to them' },
  {
    label: 'Handled Teams activities',
    kept: 'pruned after 24 hours, every 10 minutes, by their own job (bot/turn-ledger.ts)',
  },
];

/** The moment before which a record whose clock started is due, for a period in months. */
export function cutoffFor(now: Date, months: number): Date {
  return DateTime.fromJSDate(now, { zone: 'utc' }).minus({ months }).toJSDate();
}

/** When a record whose clock started at `from` falls due. */
export function dueAt(from: Date, months: number): Date {
  return DateTime.fromJSDate(from, { zone: 'utc' }).plus({ months }).toJSDate();
}
