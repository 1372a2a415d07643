import type { Types } from 'mongoose';
import { schoolNames } from '../directory';
import type { AnswerValue } from './answers';
import type { Intake } from './intake-model';
import type { IntakeDeps } from './intake';
import { answersOf, asksSchool, typeOf, type Reporter } from './intake-state';
import { applicableFields, confirmStep, displayAnswer, schoolStep, stepsFor } from './steps';
import { isSealedText } from './seal';
import type { IncidentField, IncidentType } from './catalogue';

interface Progress {
  readonly type: IncidentType;
  /** 1-based position of this step, and how many there are (the summary included). */
  readonly number: number;
  readonly total: number;
  /** Why the last answer was not taken, to show above the question. */
  readonly problem?: string;
}

/** What the bot should ask next. */
export type IntakePrompt =
  | (Progress & { readonly kind: 'school'; readonly schools: readonly { id: string; name: string }[] })
  | (Progress & {
      readonly kind: 'question';
      readonly field: IncidentField;
      readonly canGoBack: boolean;
      /** The answer already given, when the person came back to this question (never a sealed one). */
      readonly previous?: string;
    })
  | (Progress & {
      readonly kind: 'confirm';
      /** Filled in from the directory, not asked. */
      readonly reporter: string;
      readonly school: string | undefined;
      readonly lines: readonly { label: string; value: string }[];
      /** Some lines are sealed answers, decrypted for the reporter's eyes only. */
      readonly sealedShown: boolean;
    });

/** The question (or summary) for where the intake is now. */
export async function promptFor(
  deps: IntakeDeps,
  reporter: Reporter,
  intake: Intake,
  problem?: string,
): Promise<IntakePrompt> {
  const type = typeOf(intake);
  const answers = answersOf(intake);
  const steps = stepsFor(type, answers, asksSchool(reporter));
  const step = intake.step === 'sending' ? confirmStep : intake.step;
  const progress = {
    type,
    number: Math.max(1, steps.indexOf(step) + 1),
    total: steps.length,
    ...(problem ? { problem } : {}),
  };
  if (step === schoolStep) return { ...progress, kind: 'school', schools: await schoolsOf(deps, reporter) };
  const field = type.fields.find((f) => f.key === step);
  if (field) {
    const given = answers[field.key];
    const previous =
      given === undefined ? undefined : displayAnswer(field, opened(deps, field, given), deps.timeZone);
    return {
      ...progress,
      kind: 'question',
      field,
      canGoBack: steps.indexOf(step) > 0,
      ...(previous ? { previous } : {}),
    };
  }
  return {
    ...progress,
    kind: 'confirm',
    reporter: reporter.displayName,
    school: intake.schoolId ? await schoolName(deps, intake.schoolId) : undefined,
    lines: applicableFields(type, answers).map((f) => ({
      label: f.label,
      value: displayAnswer(f, opened(deps, f, answers[f.key]), deps.timeZone),
    })),
    sealedShown: applicableFields(type, answers).some((f) => f.sealed && answers[f.key] !== undefined),
  };
}

/**
 * An answer as its own reporter may read it back: a sealed one is decrypted for this prompt only
 * (shown in their own chat, never stored or logged in clear).
 */
function opened(
  deps: Pick<IntakeDeps, 'sealer'>,
  field: IncidentField,
  value: unknown,
): AnswerValue | undefined {
  if (value === undefined) return undefined;
  return field.sealed && isSealedText(value) ? deps.sealer.open(value) : (value as AnswerValue);
}

export async function schoolsOf(
  deps: Pick<IntakeDeps, 'models'>,
  reporter: Reporter,
): Promise<{ id: string; name: string }[]> {
  const ids = [...new Set(reporter.memberships.map((m) => m.schoolId.toString()))];
  const names = await schoolNames(deps.models, reporter.tenantId, ids);
  return [...names]
    .map(([id, name]) => ({ id, name }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

async function schoolName(
  deps: Pick<IntakeDeps, 'models'>,
  schoolId: Types.ObjectId,
): Promise<string | undefined> {
  return (await schoolNames(deps.models, undefined, [schoolId])).get(schoolId.toString());
}
