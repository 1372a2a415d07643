import { AppError } from '../errors';
import { roleLabel } from '../directory';
import { formatLongDate, readDay, startOfDay, dayKey } from '../shared/time';
import type { Requester, PermissionDeps } from './deps';
import { periodKeys, type PermissionKind, type PermissionQuestion } from './kinds';
import type { PermissionDraft } from './model';
import { findKind } from './settings';

export const confirmStep = 'confirm';
const maxAnswerLength = 2_000;

/** What the bot should show next while a request is being asked. */
export type AskingPrompt =
  | {
      readonly kind: 'question';
      readonly kindLabel: string;
      readonly question: PermissionQuestion;
      /** 1-based, and how many questions there are. */
      readonly number: number;
      readonly total: number;
      readonly canGoBack: boolean;
      /** Why the last answer was not taken. */
      readonly problem?: string;
    }
  | {
      readonly kind: 'confirm';
      readonly kindLabel: string;
      readonly lines: readonly { readonly label: string; readonly value: string }[];
      /** Who will decide, as people say it. */
      readonly approvers: string;
      readonly problem?: string;
    };

type Answers = Record<string, string>;
const answersOf = (draft: PermissionDraft): Answers => (draft.answers ?? {}) as Answers;

/** An answer as the register and the approver read it (days in words). */
export function shownAnswer(question: PermissionQuestion, value: string, timeZone: string): string {
  if (question.answer === 'day') return formatLongDate(startOfDay(value, timeZone), timeZone);
  return value;
}

export function promptFor(
  kind: PermissionKind,
  draft: PermissionDraft,
  timeZone: string,
  problem?: string,
): AskingPrompt {
  const answers = answersOf(draft);
  const index = kind.questions.findIndex((question) => question.key === draft.step);
  const question = kind.questions[index];
  if (question) {
    return {
      kind: 'question',
      kindLabel: kind.label,
      question,
      number: index + 1,
      total: kind.questions.length,
      canGoBack: index > 0,
      ...(problem ? { problem } : {}),
    };
  }
  return {
    kind: 'confirm',
    kindLabel: kind.label,
    lines: kind.questions
      .filter((q) => answers[q.key] !== undefined)
      .map((q) => ({ label: q.label, value: shownAnswer(q, answers[q.key]!, timeZone) })),
    approvers: kind.approverRoles.map(roleLabel).join(' or '),
    ...(problem ? { problem } : {}),
  };
}

/** The kind of a draft, as the trust defines it now (a kind removed meanwhile ends the draft). */
async function kindOf(deps: Pick<PermissionDeps, 'store'>, draft: PermissionDraft): Promise<PermissionKind> {
  const kind = await findKind(deps, draft.tenantId, draft.kind);
  if (!kind)
    throw new AppError(
      'not_found',
      'That kind of request is no longer offered. Type "permission" to start again.',
    );
  return kind;
}

/** Refuses to start when the kind needs a signed policy the person has not signed (current version). */
async function assertPrerequisite(
  deps: PermissionDeps,
  person: Requester,
  kind: PermissionKind,
): Promise<void> {
  if (!kind.requiresSignedPolicyId) return;
  const standing = await deps.signedCurrent(person, kind.requiresSignedPolicyId);
  if (standing && !standing.signed) {
    throw new AppError(
      'conflict',
      `Before asking for this, please sign the current version of "${standing.title}": type "my policies" to see it.`,
    );
  }
}

/** Starts asking for this kind of permission, replacing any request the person had not finished. */
export async function startAsking(
  deps: PermissionDeps,
  person: Requester,
  kindId: string,
): Promise<AskingPrompt> {
  const kind = await findKind(deps, person.tenantId, kindId);
  if (!kind) throw new AppError('validation_failed', 'That is not a kind of request I know.');
  await assertPrerequisite(deps, person, kind);
  const now = deps.now();
  const draft = await deps.store.replaceDraft({
    tenantId: person.tenantId,
    personId: person._id,
    kind: kind.id,
    step: kind.questions[0]!.key,
    answers: {},
    startedAt: now,
    lastActivityAt: now,
    revision: 0,
  });
  return promptFor(kind, draft, deps.timeZone);
}

export const currentDraft = (deps: Pick<PermissionDeps, 'store'>, person: Requester) =>
  deps.store.draft(person.tenantId, person._id);

export async function draftPrompt(
  deps: PermissionDeps,
  draft: PermissionDraft,
  problem?: string,
): Promise<AskingPrompt> {
  return promptFor(await kindOf(deps, draft), draft, deps.timeZone, problem);
}

const skipWords = new Set(['skip', 'none', 'no end', 'not sure', 'n/a', '-']);

/** Reads one answer for the question; a problem to show instead when it cannot be taken. */
function readAnswer(
  question: PermissionQuestion,
  text: string,
  answers: Answers,
  clock: { now: Date; timeZone: string },
): { value: string | undefined } | { problem: string } {
  const said = text.trim();
  if (!question.required && skipWords.has(said.toLowerCase())) return { value: undefined };
  if (!said) return { problem: 'Please type an answer.' };
  if (said.length > maxAnswerLength)
    return { problem: `Please keep it under ${maxAnswerLength} characters.` };
  if (question.answer === 'text') return { value: said };
  const day = readDay(said, clock);
  if (!day) return { problem: 'I could not read that as a day. Try "today", "friday" or "04/01/2027".' };
  const today = dayKey(clock.now, clock.timeZone);
  if (day < today) return { problem: 'That day has passed: please give today or a day to come.' };
  const from = answers[periodKeys.from];
  if (question.key === periodKeys.until && from && day < from)
    return { problem: 'The last day cannot be before the first. Which day does it end?' };
  return { value: day };
}

/** Takes the answer to the current question and moves on (or says what was wrong with it). */
export async function answerAsking(
  deps: PermissionDeps,
  draft: PermissionDraft,
  text: string,
): Promise<AskingPrompt> {
  const kind = await kindOf(deps, draft);
  const index = kind.questions.findIndex((question) => question.key === draft.step);
  const question = kind.questions[index];
  if (!question)
    return promptFor(
      kind,
      draft,
      deps.timeZone,
      'Say "send" to send it, "back" to change an answer, or "cancel".',
    );
  const now = deps.now();
  const read = readAnswer(question, text, answersOf(draft), { now, timeZone: deps.timeZone });
  if ('problem' in read) return promptFor(kind, draft, deps.timeZone, read.problem);
  const answers = { ...answersOf(draft) };
  if (read.value === undefined) delete answers[question.key];
  else answers[question.key] = read.value;
  const step = kind.questions[index + 1]?.key ?? confirmStep;
  const moved = await deps.store.updateDraft(draft, { step, answers, lastActivityAt: now });
  if (!moved) {
    const latest = (await deps.store.draft(draft.tenantId, draft.personId)) ?? draft;
    return promptFor(
      kind,
      latest,
      deps.timeZone,
      'That answer crossed with another; here is where we are now.',
    );
  }
  return promptFor(kind, moved, deps.timeZone);
}

/** Goes back one question. */
export async function backAsking(deps: PermissionDeps, draft: PermissionDraft): Promise<AskingPrompt> {
  const kind = await kindOf(deps, draft);
  const index =
    draft.step === confirmStep
      ? kind.questions.length
      : kind.questions.findIndex((q) => q.key === draft.step);
  const step = kind.questions[Math.max(0, index - 1)]!.key;
  const moved = await deps.store.updateDraft(draft, {
    step,
    answers: answersOf(draft),
    lastActivityAt: deps.now(),
  });
  return promptFor(kind, moved ?? draft, deps.timeZone);
}

export async function cancelAsking(deps: Pick<PermissionDeps, 'store'>, person: Requester): Promise<void> {
  await deps.store.deleteDraft(person.tenantId, person._id);
}
