import { Types } from 'mongoose';
import { AppError } from '../errors';
import type { Models } from '../store/models';
import { parseAnswer } from './answers';
import type { Intake } from './intake-model';
import { promptFor, schoolsOf, type IntakePrompt } from './prompt';
import type { Sealer } from './seal';
import { nextStep, previousStep, schoolStep, stepsFor } from './steps';
import {
  deleteUnsentIntake,
  findIntake,
  intakeById,
  replaceIntake,
  reviseIntake,
  touchIntake,
} from './store';
import { findIncidentType } from './catalogue';
import { answersOf, asksSchool, typeOf, type Reporter } from './intake-state';

export interface IntakeDeps {
  readonly models: Pick<Models, 'Intake' | 'School'>;
  readonly sealer: Sealer;
  readonly now: () => Date;
  /** The trust's time zone, for reading "yesterday 14:30". */
  readonly timeZone: string;
}

/** After this long without an answer, coming back offers to carry on or start again. */
export const staleAfterMs = 24 * 60 * 60_000;

/** Starts a report of this type for the person, replacing any they had not finished. */
export async function startIntake(
  deps: IntakeDeps,
  reporter: Reporter,
  typeId: string,
  options: { relatedReference?: string } = {},
): Promise<IntakeTurn> {
  const type = findIncidentType(typeId);
  if (!type) throw new AppError('validation_failed', 'That is not a kind of incident I know.');
  if (type.fields.some((field) => field.sealed) && !deps.sealer.available) {
    throw new AppError(
      'unavailable',
      `I can't take this here yet: Conduct has no encryption key set up, and a ${type.label.toLowerCase()} is never stored unencrypted. Please tell your designated safeguarding lead in person, straight away.`,
    );
  }
  const schoolIds = [...new Set(reporter.memberships.map((m) => m.schoolId.toString()))];
  const now = deps.now();
  const previous = await loadIntake(deps, reporter);
  const fresh = {
    tenantId: reporter.tenantId,
    personId: reporter._id,
    type: type.id,
    ...(schoolIds.length === 1 ? { schoolId: reporter.memberships[0]!.schoolId } : {}),
    step: '',
    answers: {},
    ...(options.relatedReference ? { relatedReference: options.relatedReference } : {}),
    startedAt: now,
    lastActivityAt: now,
    revision: (previous?.revision ?? 0) + 1,
  };
  fresh.step = stepsFor(type, {}, schoolIds.length > 1)[0]!;
  await replaceIntake(deps.models, fresh, { tenantId: reporter.tenantId, personId: reporter._id });
  const intake = await loadIntake(deps, reporter);
  if (!intake) throw new Error('the intake just stored cannot be read back');
  return { intake, prompt: await promptFor(deps, reporter, intake) };
}

/** The report the person is in the middle of, if any. */
export async function loadIntake(
  deps: Pick<IntakeDeps, 'models'>,
  reporter: Reporter,
): Promise<Intake | undefined> {
  return findIntake(deps.models, reporter.tenantId, reporter._id);
}

/** True when the person has been away so long that carrying on should be their choice. */
export const isStale = (intake: Intake, now: Date): boolean =>
  now.getTime() - intake.lastActivityAt.getTime() > staleAfterMs;

/** Takes the person's answer to the current question and moves on, or says what was wrong. */
export async function answerIntake(
  deps: IntakeDeps,
  reporter: Reporter,
  intake: Intake,
  raw: string,
): Promise<IntakeTurn & { accepted: boolean }> {
  const type = typeOf(intake);
  const answers = answersOf(intake);
  if (intake.step === schoolStep) {
    const schools = await schoolsOf(deps, reporter);
    const chosen = schools.find(
      (s) => s.id === raw.trim() || s.name.toLowerCase() === raw.trim().toLowerCase(),
    );
    if (!chosen) return refuse(deps, reporter, intake, 'Please choose one of your schools from the buttons.');
    const steps = stepsFor(type, answers, true);
    const saved = await save(deps, intake, {
      schoolId: new Types.ObjectId(chosen.id),
      step: nextStep(steps, schoolStep),
    });
    return { accepted: true, intake: saved, prompt: await promptFor(deps, reporter, saved) };
  }
  const field = type.fields.find((f) => f.key === intake.step);
  if (!field)
    return refuse(
      deps,
      reporter,
      intake,
      'Please say "send" to send the report, "back" to change an answer, or "cancel".',
    );
  const parsed = parseAnswer(field, raw, { now: deps.now(), timeZone: deps.timeZone });
  if (!parsed.ok) return refuse(deps, reporter, intake, parsed.problem);
  const stored: unknown =
    parsed.value !== undefined && field.sealed ? deps.sealer.seal(String(parsed.value)) : parsed.value;
  const updated = { ...answers, [field.key]: stored };
  const steps = stepsFor(type, updated, asksSchool(reporter));
  // A skipped optional question leaves no answer at all (null is a count's "not known").
  const saved = await save(
    deps,
    intake,
    {
      ...(stored === undefined ? {} : { [`answers.${field.key}`]: stored }),
      step: nextStep(steps, field.key),
    },
    stored === undefined ? [`answers.${field.key}`] : [],
  );
  return { accepted: true, intake: saved, prompt: await promptFor(deps, reporter, saved) };
}

/** Goes back one question (answers are kept, and shown when the question comes round again). */
export async function stepBack(deps: IntakeDeps, reporter: Reporter, intake: Intake): Promise<IntakeTurn> {
  const steps = stepsFor(typeOf(intake), answersOf(intake), asksSchool(reporter));
  const previous = previousStep(steps, intake.step);
  if (!previous) {
    return {
      intake,
      prompt: await promptFor(
        deps,
        reporter,
        intake,
        'This is the first question: there is nothing before it.',
      ),
    };
  }
  const saved = await save(deps, intake, { step: previous });
  return { intake: saved, prompt: await promptFor(deps, reporter, saved) };
}

/** What became of a request to cancel: dropped, or too late (being sent, or already sent or cancelled). */
export type CancelOutcome = 'cancelled' | 'sending' | 'gone';

/**
 * Drops the report being made, as it was read; nothing of it is kept. A report that started
 * sending, or went, since it was read is left as it is, and the answer says which.
 */
export async function cancelIntake(
  deps: Pick<IntakeDeps, 'models'>,
  reporter: Reporter,
  intake: Pick<Intake, '_id'>,
): Promise<CancelOutcome> {
  if (await deleteUnsentIntake(deps.models, intake._id)) return 'cancelled';
  const now = await loadIntake(deps, reporter);
  return now?._id.equals(intake._id) && now.reference ? 'sending' : 'gone';
}

/** Marks a stale intake as offered to resume, so the next message is read as the person's choice. */
export async function offerResume(deps: IntakeDeps, intake: Intake): Promise<void> {
  await touchIntake(deps.models, intake._id, { resumeOfferedAt: deps.now() });
}

/** Carries on a stale intake where it was. */
export async function resumeIntake(
  deps: IntakeDeps,
  reporter: Reporter,
  intake: Intake,
): Promise<IntakeTurn> {
  const saved = await save(deps, intake, {}, ['resumeOfferedAt']);
  return { intake: saved, prompt: await promptFor(deps, reporter, saved) };
}

async function refuse(
  deps: IntakeDeps,
  reporter: Reporter,
  intake: Intake,
  problem: string,
): Promise<{ accepted: false; intake: Intake; prompt: IntakePrompt }> {
  await touchIntake(deps.models, intake._id, { lastActivityAt: deps.now() });
  return { accepted: false, intake, prompt: await promptFor(deps, reporter, intake, problem) };
}

/**
 * Writes a change if nobody else has since the intake was read (its revision), so two answers
 * sent at once cannot both land on the same question.
 */
async function save(
  deps: IntakeDeps,
  intake: Intake,
  set: Record<string, unknown>,
  unset: readonly string[] = [],
): Promise<Intake> {
  if (!(await reviseIntake(deps.models, intake, { ...set, lastActivityAt: deps.now() }, unset))) {
    throw new AppError(
      'conflict',
      'Two answers arrived at the same time, so I took only the first. Here is where we are.',
    );
  }
  const saved = await intakeById(deps.models, intake._id);
  if (!saved) throw new AppError('conflict', 'That report has just been sent or cancelled.');
  return saved;
}

/** Where a report being made stands after a step: the intake and what to ask next. */
export interface IntakeTurn {
  intake: Intake;
  prompt: IntakePrompt;
}

/** Making a report, step by step, as the bot's conversation drives it. */
export interface IntakeSteps {
  start: (reporter: Reporter, typeId: string, options?: { relatedReference?: string }) => Promise<IntakeTurn>;
  current: (reporter: Reporter) => Promise<Intake | undefined>;
  answer: (reporter: Reporter, intake: Intake, text: string) => Promise<IntakeTurn & { accepted: boolean }>;
  back: (reporter: Reporter, intake: Intake) => Promise<IntakeTurn>;
  cancel: (reporter: Reporter, intake: Intake) => Promise<CancelOutcome>;
  prompt: (reporter: Reporter, intake: Intake, problem?: string) => Promise<IntakePrompt>;
  isStale: (intake: Intake) => boolean;
  offerResume: (intake: Intake) => Promise<void>;
  resume: (reporter: Reporter, intake: Intake) => Promise<IntakeTurn>;
}

/** The intake's steps bound to their dependencies. */
export function intakeSteps(deps: IntakeDeps): IntakeSteps {
  return {
    start: (reporter, typeId, options) => startIntake(deps, reporter, typeId, options),
    current: (reporter) => loadIntake(deps, reporter),
    answer: (reporter, intake, text) => answerIntake(deps, reporter, intake, text),
    back: (reporter, intake) => stepBack(deps, reporter, intake),
    cancel: (reporter, intake) => cancelIntake(deps, reporter, intake),
    prompt: (reporter, intake, problem) => promptFor(deps, reporter, intake, problem),
    isStale: (intake) => isStale(intake, deps.now()),
    offerResume: (intake) => offerResume(deps, intake),
    resume: (reporter, intake) => resumeIntake(deps, reporter, intake),
  };
}
