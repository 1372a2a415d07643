import { Types } from 'mongoose';
import { AppError } from '../errors';
import { roleLabel, schoolNames } from '../directory';
import { formatLongDate, readDay, startOfDay, dayKey } from '../shared/time';
import type { Requester, PermissionDeps } from './deps';
import { periodKeys, type PermissionKind, type PermissionQuestion } from './kinds';
import type { PermissionDraft } from './model';
import { findKind } from './settings';
import type { PermissionStore } from './store';

export const confirmStep = 'confirm';
/** The first step for a person in more than one school: which school the request is for. */
export const schoolStep = 'school';
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
      readonly kind: 'school';
      readonly kindLabel: string;
      /** The person's schools, in the order offered (1, 2, … when typed). */
      readonly schools: readonly { readonly id: string; readonly name: string }[];
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

type Names = Pick<PermissionDeps, 'models' | 'timeZone'>;

/** The names of the schools a draft chooses between (none asked for a person in one school). */
async function choicesOf(deps: Names, draft: PermissionDraft): Promise<{ id: string; name: string }[]> {
  const ids = draft.schoolChoices ?? [];
  if (ids.length === 0) return [];
  const names = await schoolNames(deps.models, draft.tenantId, ids);
  return ids.map((id) => ({ id: id.toString(), name: names.get(id.toString()) ?? 'A school' }));
}

export async function promptFor(
  deps: Names,
  kind: PermissionKind,
  draft: PermissionDraft,
  problem?: string,
): Promise<AskingPrompt> {
  const answers = answersOf(draft);
  const extra = problem ? { problem } : {};
  if (draft.step === schoolStep)
    return { kind: 'school', kindLabel: kind.label, schools: await choicesOf(deps, draft), ...extra };
  const index = kind.questions.findIndex((question) => question.key === draft.step);
  const question = kind.questions[index];
  const choosing = (draft.schoolChoices ?? []).length > 1;
  if (question) {
    return {
      kind: 'question',
      kindLabel: kind.label,
      question,
      number: index + 1,
      total: kind.questions.length,
      canGoBack: index > 0 || choosing,
      ...extra,
    };
  }
  const school = choosing
    ? (await choicesOf(deps, draft)).find((choice) => draft.schoolId?.equals(choice.id))
    : undefined;
  return {
    kind: 'confirm',
    kindLabel: kind.label,
    lines: [
      ...(school ? [{ label: 'School', value: school.name }] : []),
      ...kind.questions
        .filter((q) => answers[q.key] !== undefined)
        .map((q) => ({ label: q.label, value: shownAnswer(q, answers[q.key]!, deps.timeZone) })),
    ],
    approvers: kind.approverRoles.map(roleLabel).join(' or '),
    ...extra,
  };
}

/** The schools a person may ask for: each school they are a member of, once, in the order of their memberships. */
export function schoolsOfPerson(person: Pick<Requester, 'memberships'>): Types.ObjectId[] {
  const seen = new Set<string>();
  return person.memberships.flatMap((m) => {
    const id = m.schoolId.toString();
    if (seen.has(id)) return [];
    seen.add(id);
    return [m.schoolId];
  });
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
export async function assertPrerequisite(
  deps: PermissionDeps,
  person: Requester,
  kind: PermissionKind,
): Promise<void> {
  if (!kind.requiresSignedPolicyId) return;
  const standing = await deps.signedCurrent(person, kind.requiresSignedPolicyId);
  if (standing && !standing.signed) {
    throw new AppError(
      'conflict',
      `Before asking for this, please sign the current version of "${standing.title}": it is in My policies (in the tab, or type "my policies" in the chat).`,
    );
  }
}

/**
 * Starts asking for this kind of permission, replacing any request the person had not finished. A
 * person in more than one school is first asked which school it is for (its approvers decide).
 */
export async function startAsking(
  deps: PermissionDeps,
  person: Requester,
  kindId: string,
): Promise<AskingPrompt> {
  const kind = await findKind(deps, person.tenantId, kindId);
  if (!kind) throw new AppError('validation_failed', 'That is not a kind of request I know.');
  await assertPrerequisite(deps, person, kind);
  const now = deps.now();
  const schools = schoolsOfPerson(person);
  const choosing = schools.length > 1;
  const draft = await deps.store.replaceDraft({
    tenantId: person.tenantId,
    personId: person._id,
    kind: kind.id,
    step: choosing ? schoolStep : kind.questions[0]!.key,
    ...(choosing ? { schoolChoices: schools } : schools[0] ? { schoolId: schools[0] } : {}),
    answers: {},
    startedAt: now,
    lastActivityAt: now,
    revision: 0,
  });
  return promptFor(deps, kind, draft);
}

export const currentDraft = (deps: Pick<PermissionDeps, 'store'>, person: Requester) =>
  deps.store.draft(person.tenantId, person._id);

export async function draftPrompt(
  deps: PermissionDeps,
  draft: PermissionDraft,
  problem?: string,
): Promise<AskingPrompt> {
  return promptFor(deps, await kindOf(deps, draft), draft, problem);
}

const skipWords = new Set(['skip', 'none', 'no end', 'not sure', 'n/a', '-']);

/** Reads one answer for the question; a problem to show instead when it cannot be taken. */
export function readAnswer(
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

/** The school a person named: its id (from the card), its number in the list, or its name. */
function chosenSchool(
  choices: readonly { id: string; name: string }[],
  text: string,
): { id: string; name: string } | undefined {
  const said = text.trim().toLowerCase();
  const numbered = /^\d{1,2}$/.test(said) ? choices[Number(said) - 1] : undefined;
  if (numbered) return numbered;
  const exact = choices.find((c) => c.id === said || c.name.toLowerCase() === said);
  if (exact || said.length < 3) return exact;
  const partly = choices.filter((c) => c.name.toLowerCase().includes(said));
  return partly.length === 1 ? partly[0] : undefined;
}

/** Takes the answer to the current question (or the school chosen) and moves on, or says what was wrong. */
export async function answerAsking(
  deps: PermissionDeps,
  draft: PermissionDraft,
  text: string,
): Promise<AskingPrompt> {
  const kind = await kindOf(deps, draft);
  const now = deps.now();
  const move = async (change: Parameters<PermissionStore['updateDraft']>[1]) => {
    const moved = await deps.store.updateDraft(draft, change);
    if (moved) return promptFor(deps, kind, moved);
    const latest = (await deps.store.draft(draft.tenantId, draft.personId)) ?? draft;
    return promptFor(deps, kind, latest, 'That answer crossed with another; here is where we are now.');
  };
  if (draft.step === schoolStep) {
    const choices = await choicesOf(deps, draft);
    const school = chosenSchool(choices, text);
    if (!school)
      return promptFor(
        deps,
        kind,
        draft,
        `Please choose one of your schools: ${choices.map((c, i) => `${i + 1} for ${c.name}`).join(', ')}.`,
      );
    return move({
      step: kind.questions[0]!.key,
      schoolId: new Types.ObjectId(school.id),
      answers: answersOf(draft),
      lastActivityAt: now,
    });
  }
  const index = kind.questions.findIndex((question) => question.key === draft.step);
  const question = kind.questions[index];
  if (!question)
    return promptFor(deps, kind, draft, 'Say "send" to send it, "back" to change an answer, or "cancel".');
  const read = readAnswer(question, text, answersOf(draft), { now, timeZone: deps.timeZone });
  if ('problem' in read) return promptFor(deps, kind, draft, read.problem);
  const answers = { ...answersOf(draft) };
  if (read.value === undefined) delete answers[question.key];
  else answers[question.key] = read.value;
  return move({ step: kind.questions[index + 1]?.key ?? confirmStep, answers, lastActivityAt: now });
}

/** Goes back one question (from the first, to the choice of school when there was one). */
export async function backAsking(deps: PermissionDeps, draft: PermissionDraft): Promise<AskingPrompt> {
  const kind = await kindOf(deps, draft);
  const index =
    draft.step === confirmStep
      ? kind.questions.length
      : kind.questions.findIndex((q) => q.key === draft.step);
  const choosing = (draft.schoolChoices ?? []).length > 1;
  const step = index <= 0 && choosing ? schoolStep : kind.questions[Math.max(0, index - 1)]!.key;
  const moved = await deps.store.updateDraft(draft, {
    step,
    answers: answersOf(draft),
    lastActivityAt: deps.now(),
  });
  return promptFor(deps, kind, moved ?? draft);
}

export async function cancelAsking(deps: Pick<PermissionDeps, 'store'>, person: Requester): Promise<void> {
  await deps.store.deleteDraft(person.tenantId, person._id);
}
