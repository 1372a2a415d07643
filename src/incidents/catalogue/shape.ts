import type { Role } from '../../directory';

/** What an incident type in the catalogue is made of (see ./index.ts for the catalogue itself). */
export type FieldKind =
  /** One line, up to maxLength (default 300). */
  | 'text'
  /** A paragraph or more, up to maxLength (default 4,000). */
  | 'longText'
  /** Yes or no; with `allowUnsure`, also "not sure". */
  | 'yesNo'
  /** A date and time in the past (in the school's time zone), e.g. "yesterday 14:30", "now". */
  | 'when'
  /** A whole number, or "not known". */
  | 'count'
  /** One of `choices`. */
  | 'choice';

export interface IncidentField {
  /** Stable key under which the answer is stored (incident.fields[key]). */
  readonly key: string;
  /** As shown in summaries, the queue and the incident sheet. */
  readonly label: string;
  /** As the bot asks it. */
  readonly question: string;
  readonly hint?: string;
  readonly kind: FieldKind;
  readonly required: boolean;
  readonly maxLength?: number;
  readonly choices?: readonly { readonly value: string; readonly label: string }[];
  readonly allowUnsure?: boolean;
  /** Encrypted at rest (AES-256-GCM) and never logged, shown or sent anywhere but to the DSL roles. */
  readonly sealed?: boolean;
  /** Only asked when an earlier answer has this value. */
  readonly askIf?: FieldCondition;
}

/** An earlier answer has this value (`equals`), or one of these (`oneOf`: e.g. "yes" or "not sure"). */
export type FieldCondition =
  | { readonly field: string; readonly equals: string | boolean }
  | { readonly field: string; readonly oneOf: readonly (string | boolean)[] };

/**
 * When answers make a report urgent (a child in immediate danger): the handling role and
 * `tellAtOnce` get an urgent card as the report is sent, and if nobody has taken ownership after
 * INCIDENT_URGENT_MINUTES, `escalateTo` are told.
 */
export interface UrgentRule {
  readonly when: FieldCondition;
  readonly tellAtOnce: readonly Role[];
  readonly escalateTo: readonly Role[];
}

/** Another role told of a report as well as the handling role, when an answer says so, and why. */
export interface AlsoNotify {
  readonly role: Role;
  readonly when: FieldCondition;
  /** Completes "You are told of INC-… because …". */
  readonly reason: string;
}

export interface IncidentType {
  readonly id: string;
  readonly label: string;
  /** One line for the menu: what this type is for. */
  readonly description: string;
  /** The role told of a new report, who takes ownership. */
  readonly handlingRole: Role;
  /** Roles told when nobody has taken ownership after INCIDENT_ESCALATION_MINUTES. */
  readonly escalateTo: readonly Role[];
  /** Every role that may see reports of this type (for the reporter's school, or trust-wide). */
  readonly viewers: readonly Role[];
  /** Only `viewers` ever learn such a report exists; never sent to a shared channel. */
  readonly restricted: boolean;
  /** Tell the person to change their password (PASSWORD_RESET_URL) before asking anything. */
  readonly passwordAdviceFirst?: boolean;
  /** The ICO's 72-hour clock runs from the `awareField` answer; the DPO is reminded until a decision. */
  readonly breachClock?: { readonly awareField: string };
  /** Also tell other roles when an answer says so (a lost device with personal data: the DPO; pupils exposed: the DSL). */
  readonly alsoNotify?: readonly AlsoNotify[];
  /** Answers that make the report urgent. */
  readonly urgent?: UrgentRule;
  /** "What to do now": shown as the report starts and again in the thank-you. Short steps, our own words. */
  readonly advice?: readonly string[];
  /** After the report, offer to raise a report of another type (a lost device → a data breach). */
  readonly offerFollowUp?: { readonly type: string; readonly when: FieldCondition; readonly prompt: string };
  readonly match: IntentHints;
  readonly fields: readonly IncidentField[];
}

/** A type's words, questions and flags (its own file); who handles it is in the catalogue's table. */
export type TypeDetails = Omit<
  IncidentType,
  'id' | 'label' | 'description' | 'handlingRole' | 'escalateTo' | 'viewers' | 'restricted'
>;

/**
 * What people say about this type. Each phrase and each keyword (a trailing "*" dropped; the weight
 * is not used) is one more example of the type when `npm run train:intent` trains the matcher,
 * beside the tuning corpus; retrain after changing them.
 */
export interface IntentHints {
  readonly phrases: readonly string[];
  readonly keywords: Readonly<Record<string, number>>;
}
