import { formatDateTime } from '../shared/time';
import type { AnswerValue } from './answers';
import { conditionHolds, type IncidentField, type IncidentType } from './catalogue';

/** Where an intake can be: which school (people in several), a field's key, or the summary. */
export const schoolStep = 'school';
export const confirmStep = 'confirm';

/** The steps of an intake in order, given the answers so far (a field whose condition fails is left out). */
export function stepsFor(
  type: IncidentType,
  answers: Readonly<Record<string, unknown>>,
  asksSchool: boolean,
): string[] {
  return [
    ...(asksSchool ? [schoolStep] : []),
    ...applicableFields(type, answers).map((field) => field.key),
    confirmStep,
  ];
}

/** The fields that apply, given the answers so far. */
export function applicableFields(
  type: IncidentType,
  answers: Readonly<Record<string, unknown>>,
): IncidentField[] {
  return type.fields.filter((field) => conditionHolds(field.askIf, answers));
}

export function nextStep(steps: readonly string[], current: string): string {
  const index = steps.indexOf(current);
  return steps[Math.min(index + 1, steps.length - 1)] ?? confirmStep;
}

/** The step before `current`, or undefined at the first. */
export function previousStep(steps: readonly string[], current: string): string | undefined {
  const index = steps.indexOf(current);
  return index > 0 ? steps[index - 1] : undefined;
}

/** Only the answers to fields that still apply (going back may have switched some off). */
export function answersThatApply(
  type: IncidentType,
  answers: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  return Object.fromEntries(
    applicableFields(type, answers)
      .filter((field) => answers[field.key] !== undefined)
      .map((field) => [field.key, answers[field.key]]),
  );
}

/** An answer as a person reads it in a summary. */
export function displayAnswer(
  field: IncidentField,
  value: AnswerValue | undefined,
  timeZone: string,
): string {
  if (value === undefined) return '(not given)';
  if (field.kind === 'yesNo') return value === 'yes' ? 'Yes' : value === 'no' ? 'No' : 'Not sure';
  if (field.kind === 'count') return value === null ? 'Not known' : Number(value).toLocaleString('en-GB');
  if (field.kind === 'choice') return field.choices?.find((c) => c.value === value)?.label ?? String(value);
  if (field.kind === 'when' && typeof value === 'string') return ukDateTime(new Date(value), timeZone);
  return String(value);
}

/** 21/11/2026 14:30 in the school's time zone. */
export const ukDateTime = formatDateTime;
