import type { Types } from 'mongoose';
import { z } from 'zod';
import { appendAuditEvent } from '../../audit';
import {
  auditChange,
  conversationOf,
  findPerson,
  findPersonById,
  holdersAt,
  type Actor,
  type Person,
} from '../../directory';
import { AppError } from '../../errors';
import type { Models } from '../../store/models';
import { appliesTo, managesReach, readsLibrary } from '../access';
import { loadPolicy, policySubject } from '../library';
import type { Policy } from '../model';
import { policiesWithCurrentVersion } from '../store';
import type { QuestionMessage, QuestionNotifier } from './messages';
import { questionKinds, type PolicyQuestion } from './model';
import {
  answerOpen,
  faqOf,
  findQuestion,
  insertQuestion,
  publishFaq,
  questionsAbout,
  questionsBy,
  recordAskerTold,
  recordSent,
  withdrawFaq,
} from './store';
import { faqEntry, questionViews, type FaqEntry, type QuestionView } from './views';

export interface QuestionDeps {
  models: Pick<
    Models,
    'Policy' | 'PolicyVersion' | 'PolicyQuestion' | 'Person' | 'RoleAssignment' | 'AuditEvent' | 'AuditHead'
  >;
  notifier: QuestionNotifier;
  now: () => Date;
}

const wording = (max: number, what: string) =>
  z.string().trim().min(1, `write the ${what}`).max(max, `must be at most ${max} characters`);

export const askInput = z.strictObject({
  kind: z.enum(questionKinds).default('question'),
  text: wording(2_000, 'question'),
});
export const answerInput = z.strictObject({ answer: wording(4_000, 'answer') });
export const faqInput = z.strictObject({
  published: z.boolean(),
  question: wording(2_000, 'question').optional(),
  answer: wording(4_000, 'answer').optional(),
});
export type AskInput = z.input<typeof askInput>;

const subjectOf = (question: Pick<PolicyQuestion, '_id'>) => ({
  kind: 'policy_question',
  id: question._id.toString(),
});

/** The owner of a policy, and whoever manages it (its IT managers, a trust admin), answer its questions. */
export const answers = (actor: Actor, policy: Policy): boolean =>
  policy.ownerId.equals(actor.personId) || managesReach(actor, policy);

function assertAnswers(actor: Actor, policy: Policy): void {
  if (!answers(actor, policy)) {
    throw new AppError(
      'forbidden',
      "Only the policy's owner or its IT manager can answer questions about it or publish its FAQ.",
    );
  }
}

/** The policy as someone may ask about or read the FAQ of: published, and theirs to sign (or a reader's). */
async function askable(deps: QuestionDeps, actor: Actor, policyId: string): Promise<Policy> {
  const policy = await loadPolicy(deps.models, actor.tenantId, policyId);
  if (!policy.currentVersionId || policy.archivedAt) {
    throw new AppError('conflict', 'This policy is not published, so there is nothing to ask about yet.');
  }
  if (readsLibrary(actor) || answers(actor, policy)) return policy;
  const person = await findPersonById<Pick<Person, 'membershipKeys'>>(deps.models, actor.personId, {
    membershipKeys: 1,
  });
  if (!appliesTo(policy, person?.membershipKeys ?? [])) {
    throw new AppError(
      'forbidden',
      'This policy is not one you are asked to accept, so you cannot ask about it here. Ask your IT manager.',
    );
  }
  return policy;
}

/**
 * Who a question goes to in Teams: the policy's owner, or, when the owner cannot be reached (or
 * asked it), the IT managers of the policy's schools. Never the person who asked.
 */
async function answerersOf(
  deps: QuestionDeps,
  policy: Policy,
  askerId: Types.ObjectId,
): Promise<Pick<Person, '_id' | 'conversation'>[]> {
  const owner = await findPersonById<Pick<Person, '_id' | 'active' | 'conversation'>>(
    deps.models,
    policy.ownerId,
    {
      active: 1,
      conversation: 1,
    },
  );
  if (owner?.active && owner.conversation && !owner._id.equals(askerId)) return [owner];
  const scopes = policy.scope === 'trust' ? ['trust'] : ['trust', ...policy.schoolIds.map(String)];
  const managers = await holdersAt(deps.models, policy.tenantId, ['it_manager'], scopes);
  return managers.filter((manager) => !manager._id.equals(askerId));
}

async function viewOf(deps: QuestionDeps, question: PolicyQuestion, policy: Policy): Promise<QuestionView> {
  const [view] = await questionViews(
    deps.models,
    policy.tenantId,
    [question],
    new Map([[policy._id.toString(), policy]]),
  );
  return view!;
}

/**
 * A member of staff asks about (or raises a concern with) a policy: recorded, audited, and sent to
 * whoever answers it. Nobody reachable is not a failure to ask: it waits in the tab, and the
 * answer says so.
 */
export async function askQuestion(
  deps: QuestionDeps,
  actor: Actor,
  policyId: string,
  input: z.output<typeof askInput>,
  via: 'card' | 'chat' | 'tab',
): Promise<QuestionView> {
  const policy = await askable(deps, actor, policyId);
  const question = await insertQuestion(deps.models, {
    tenantId: actor.tenantId,
    policyId: policy._id,
    versionId: policy.currentVersionId!,
    askerId: actor.personId,
    kind: input.kind,
    text: input.text,
    via,
    askedAt: deps.now(),
  });
  await auditChange(deps.models, actor, 'policy.question_asked', subjectOf(question), {
    policyId: policy._id.toString(),
    versionId: question.versionId.toString(),
    kind: question.kind,
    via,
  });
  const recipients = await answerersOf(deps, policy, actor.personId);
  const message: QuestionMessage = { kind: 'to-answer', question: await viewOf(deps, question, policy) };
  const reached: Types.ObjectId[] = [];
  for (const recipient of recipients) {
    const conversation = conversationOf(recipient);
    if (conversation && (await deps.notifier.send(conversation, message)).status === 'sent') {
      reached.push(recipient._id);
    }
  }
  const delivery = reached.length > 0 ? 'sent' : recipients.length > 0 ? 'failed' : 'none';
  await recordSent(deps.models, question._id, reached, delivery);
  await appendAuditEvent(deps.models, {
    tenantId: actor.tenantId,
    action: 'policy.question_sent',
    subject: subjectOf(question),
    details: { policyId: policy._id.toString(), reached: reached.length, tried: recipients.length },
    at: deps.now(),
  });
  return viewOf(deps, { ...question, sentTo: reached, delivery }, policy);
}

async function answerable(
  deps: QuestionDeps,
  actor: Actor,
  questionId: string,
): Promise<{ question: PolicyQuestion; policy: Policy }> {
  const question = await findQuestion(deps.models, actor.tenantId, questionId);
  if (!question) throw new AppError('not_found', 'There is no such question.');
  const policy = await loadPolicy(deps.models, actor.tenantId, question.policyId.toString());
  assertAnswers(actor, policy);
  return { question, policy };
}

/** A question as one of its answerers sees it now. */
export async function viewQuestion(
  deps: QuestionDeps,
  actor: Actor,
  questionId: string,
): Promise<QuestionView> {
  const { question, policy } = await answerable(deps, actor, questionId);
  return viewOf(deps, question, policy);
}

/** The owner (or an IT manager) answers; the first answer counts, and goes to the asker in Teams. */
export async function answerQuestion(
  deps: QuestionDeps,
  actor: Actor,
  questionId: string,
  input: z.output<typeof answerInput>,
  via: 'card' | 'tab',
): Promise<QuestionView> {
  const { question, policy } = await answerable(deps, actor, questionId);
  const answered = await answerOpen(deps.models, question._id, {
    text: input.answer,
    by: actor.personId,
    at: deps.now(),
  });
  if (!answered) {
    const view = await viewOf(deps, question, policy);
    throw new AppError(
      'conflict',
      `This question was answered already${view.answer ? ` by ${view.answer.by.displayName}` : ''}; only the first answer counts.`,
    );
  }
  await auditChange(deps.models, actor, 'policy.question_answered', subjectOf(question), {
    policyId: policy._id.toString(),
    via,
  });
  const asker = await findPerson(deps.models, actor.tenantId, question.askerId);
  const conversation = asker?.active ? conversationOf(asker) : undefined;
  const view = await viewOf(deps, answered, policy);
  const outcome = conversation
    ? await deps.notifier.send(conversation, { kind: 'answered', question: view })
    : undefined;
  const told = outcome === undefined ? 'none' : outcome.status === 'sent' ? 'sent' : 'failed';
  await recordAskerTold(deps.models, question._id, told);
  await appendAuditEvent(deps.models, {
    tenantId: actor.tenantId,
    action: 'policy.question_asker_told',
    subject: subjectOf(question),
    details: { policyId: policy._id.toString(), sent: told === 'sent' },
    at: deps.now(),
  });
  return { ...view, answer: view.answer && { ...view.answer, askerTold: told } };
}

/** Publishes an answered question in the policy's FAQ (reworded if need be), or takes it out. */
export async function setInFaq(
  deps: QuestionDeps,
  actor: Actor,
  questionId: string,
  input: z.output<typeof faqInput>,
): Promise<QuestionView> {
  const { question, policy } = await answerable(deps, actor, questionId);
  if (!input.published) {
    const withdrawn = await withdrawFaq(deps.models, question._id);
    await auditChange(deps.models, actor, 'policy.faq_withdrawn', policySubject(policy), {
      questionId: question._id.toString(),
    });
    return viewOf(deps, withdrawn ?? question, policy);
  }
  if (question.status !== 'answered' || !question.answer) {
    throw new AppError('conflict', 'Answer the question before publishing it in the FAQ.');
  }
  const published = await publishFaq(deps.models, question._id, {
    question: input.question ?? question.faq?.question ?? question.text,
    answer: input.answer ?? question.faq?.answer ?? question.answer.text,
    publishedBy: actor.personId,
    publishedAt: question.faq?.publishedAt ?? deps.now(),
  });
  await auditChange(deps.models, actor, 'policy.faq_published', policySubject(policy), {
    questionId: question._id.toString(),
    reworded: input.question !== undefined && input.question !== question.text,
  });
  return viewOf(deps, published ?? question, policy);
}

/**
 * The questions a person answers: about the policies they own or manage. Refused to someone who
 * neither owns a policy nor reads the library.
 */
export async function questionsToAnswer(
  deps: QuestionDeps,
  actor: Actor,
  filter: { status?: 'open' | 'answered' | undefined; policyId?: string | undefined },
): Promise<QuestionView[]> {
  const policies = (await policiesWithCurrentVersion(deps.models, actor.tenantId)).filter(
    (policy) =>
      answers(actor, policy) && (filter.policyId === undefined || policy._id.equals(filter.policyId)),
  );
  if (policies.length === 0 && !readsLibrary(actor)) {
    throw new AppError(
      'forbidden',
      "Only a policy's owner or its IT manager sees the questions asked about it.",
    );
  }
  const questions = await questionsAbout(
    deps.models,
    actor.tenantId,
    policies.map((p) => p._id),
    filter.status,
  );
  return questionViews(
    deps.models,
    actor.tenantId,
    questions,
    new Map(policies.map((p) => [p._id.toString(), p])),
  );
}

/** What the signed-in person asked, with the answers. */
export async function myQuestions(deps: QuestionDeps, actor: Actor): Promise<QuestionView[]> {
  const questions = await questionsBy(deps.models, actor.tenantId, actor.personId);
  const policies = await policiesWithCurrentVersion(deps.models, actor.tenantId);
  return questionViews(
    deps.models,
    actor.tenantId,
    questions,
    new Map(policies.map((p) => [p._id.toString(), p])),
  );
}

/** A policy's FAQ, for anyone who may read the policy. */
export async function policyFaq(deps: QuestionDeps, actor: Actor, policyId: string): Promise<FaqEntry[]> {
  const policy = await askable(deps, actor, policyId);
  return (await faqOf(deps.models, actor.tenantId, policy._id)).map(faqEntry);
}
