import type { Types } from 'mongoose';
import { findPerson, schoolNames, type Actor } from '../directory';
import { AppError } from '../errors';
import { assertPrerequisite, readAnswer, schoolsOfPerson } from './asking';
import type { PermissionDeps, Requester } from './deps';
import { findKind, kindsFor } from './settings';
import { recordRequest, tellApprovers, type SentRequest } from './requests';
import type { AskFormInput } from './contract';

/** The signed-in person as the asking rules need them (their memberships, their chat). */
export async function requesterOf(deps: Pick<PermissionDeps, 'models'>, actor: Actor): Promise<Requester> {
  const person = await findPerson(deps.models, actor.tenantId, actor.personId);
  if (!person || !person.active)
    throw new AppError('forbidden', 'You are not in the school directory, so you cannot ask here.');
  return person;
}

/** What the tab's form offers a person: every kind with its questions, and the schools they may ask for. */
export async function askForm(deps: PermissionDeps, person: Requester) {
  const kinds = await kindsFor(deps, person.tenantId);
  const schools = schoolsOfPerson(person);
  const names = schools.length
    ? await schoolNames(deps.models, person.tenantId, schools)
    : new Map<string, string>();
  return {
    kinds,
    schools: schools.map((id) => ({ id: id.toString(), name: names.get(id.toString()) ?? 'A school' })),
  };
}

/**
 * A request asked in the tab: the same kinds, questions, answer reading and records as the chat,
 * all answers at once. Every answer that cannot be taken is refused together, each with the reason
 * beside its question (`answers.<key>`); a person in more than one school says which one it is for.
 */
export async function askAtOnce(
  deps: PermissionDeps,
  person: Requester,
  input: AskFormInput,
): Promise<SentRequest> {
  const kind = await findKind(deps, person.tenantId, input.kind);
  if (!kind)
    throw new AppError('validation_failed', 'That is not a kind of request I know.', [
      { path: 'kind', message: 'Choose one of the kinds offered.' },
    ]);
  await assertPrerequisite(deps, person, kind);
  const schools = schoolsOfPerson(person);
  const problems: { path: string; message: string }[] = [];
  let schoolId: Types.ObjectId | undefined = schools[0];
  if (input.schoolId) {
    schoolId = schools.find((id) => id.equals(input.schoolId));
    if (!schoolId) problems.push({ path: 'schoolId', message: 'You are not a member of that school.' });
  } else if (schools.length > 1) {
    problems.push({ path: 'schoolId', message: 'Choose which of your schools this request is for.' });
  }
  const clock = { now: deps.now(), timeZone: deps.timeZone };
  const answers: Record<string, string> = {};
  for (const question of kind.questions) {
    const given = input.answers[question.key]?.trim() ?? '';
    if (!given && !question.required) continue;
    const read = readAnswer(question, given, answers, clock);
    if ('problem' in read) problems.push({ path: `answers.${question.key}`, message: read.problem });
    else if (read.value !== undefined) answers[question.key] = read.value;
  }
  const unknown = Object.keys(input.answers).filter((key) => !kind.questions.some((q) => q.key === key));
  for (const key of unknown)
    problems.push({ path: `answers.${key}`, message: 'This kind of request has no such question.' });
  if (problems.length > 0)
    throw new AppError(
      'validation_failed',
      'Some answers need another look before this can be sent.',
      problems,
    );
  const request = await recordRequest(deps, person, kind, answers, schoolId);
  return tellApprovers(deps, person, request);
}
