// The policy questions' collection: the only code that reads or writes it.
import type { Types } from 'mongoose';
import { anyOf } from '../../store/filters';
import type { Models } from '../../store/models';
import type { PolicyQuestion, QuestionKind } from './model';

export type QuestionModels = Pick<Models, 'PolicyQuestion'>;

export interface NewQuestion {
  tenantId: string;
  policyId: Types.ObjectId;
  versionId: Types.ObjectId;
  askerId: Types.ObjectId;
  kind: QuestionKind;
  text: string;
  via: 'card' | 'chat' | 'tab';
  askedAt: Date;
}

export async function insertQuestion(models: QuestionModels, question: NewQuestion): Promise<PolicyQuestion> {
  return (await models.PolicyQuestion.create({ ...question, status: 'open' })).toObject();
}

export function findQuestion(
  models: QuestionModels,
  tenantId: string,
  questionId: string,
): Promise<PolicyQuestion | null> {
  return models.PolicyQuestion.findOne({ _id: questionId, tenantId }).lean<PolicyQuestion>();
}

/** Records who a question was sent to, and whether any of them was reached. */
export async function recordSent(
  models: QuestionModels,
  questionId: Types.ObjectId,
  sentTo: readonly Types.ObjectId[],
  delivery: 'sent' | 'failed' | 'none',
): Promise<void> {
  await models.PolicyQuestion.updateOne({ _id: questionId }, { $set: { sentTo: [...sentTo], delivery } });
}

/** Answers an open question; null when it was answered already (the first answer counts). */
export function answerOpen(
  models: QuestionModels,
  questionId: Types.ObjectId,
  answer: { text: string; by: Types.ObjectId; at: Date },
): Promise<PolicyQuestion | null> {
  return models.PolicyQuestion.findOneAndUpdate(
    { _id: questionId, status: 'open' },
    { $set: { status: 'answered', answer: { ...answer, askerTold: 'none' } } },
    { new: true, lean: true },
  );
}

export async function recordAskerTold(
  models: QuestionModels,
  questionId: Types.ObjectId,
  told: 'sent' | 'failed' | 'none',
): Promise<void> {
  await models.PolicyQuestion.updateOne({ _id: questionId }, { $set: { 'answer.askerTold': told } });
}

/** Publishes an answered question in the policy's FAQ (or changes its published wording). */
export function publishFaq(
  models: QuestionModels,
  questionId: Types.ObjectId,
  faq: { question: string; answer: string; publishedBy: Types.ObjectId; publishedAt: Date },
): Promise<PolicyQuestion | null> {
  return models.PolicyQuestion.findOneAndUpdate(
    { _id: questionId, status: 'answered' },
    { $set: { faq, inFaq: true } },
    { new: true, lean: true },
  );
}

export function withdrawFaq(
  models: QuestionModels,
  questionId: Types.ObjectId,
): Promise<PolicyQuestion | null> {
  return models.PolicyQuestion.findOneAndUpdate(
    { _id: questionId },
    { $unset: { faq: 1 }, $set: { inFaq: false } },
    { new: true, lean: true },
  );
}

/** Questions about these policies, newest first (optionally only open or only answered ones). */
export function questionsAbout(
  models: QuestionModels,
  tenantId: string,
  policyIds: readonly Types.ObjectId[],
  status?: 'open' | 'answered',
): Promise<PolicyQuestion[]> {
  if (policyIds.length === 0) return Promise.resolve([]);
  return models.PolicyQuestion.find({
    tenantId,
    policyId: anyOf(policyIds),
    ...(status ? { status } : {}),
  })
    .sort({ askedAt: -1 })
    .limit(500)
    .lean<PolicyQuestion[]>();
}

/** What one person asked, newest first. */
export function questionsBy(
  models: QuestionModels,
  tenantId: string,
  askerId: Types.ObjectId,
): Promise<PolicyQuestion[]> {
  return models.PolicyQuestion.find({ tenantId, askerId })
    .sort({ askedAt: -1 })
    .limit(200)
    .lean<PolicyQuestion[]>();
}

/** The policy's FAQ: its published questions, oldest first (the order they were published in). */
export async function faqOf(
  models: QuestionModels,
  tenantId: string,
  policyId: Types.ObjectId,
): Promise<PolicyQuestion[]> {
  const published = await models.PolicyQuestion.find({ tenantId, policyId, inFaq: true }).lean<
    PolicyQuestion[]
  >();
  return published.sort((a, b) => (a.faq?.publishedAt.getTime() ?? 0) - (b.faq?.publishedAt.getTime() ?? 0));
}
