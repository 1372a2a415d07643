import type { Types } from 'mongoose';
import { namesAndTitles } from '../../directory';
import type { Models } from '../../store/models';
import type { Policy } from '../model';
import { versionsById } from '../store';
import type { PolicyQuestion } from './model';

/** A question as its asker and its answerers see it. */
export interface QuestionView {
  id: string;
  policyId: string;
  policyTitle: string;
  versionId: string;
  versionLabel: string;
  kind: PolicyQuestion['kind'];
  text: string;
  via: PolicyQuestion['via'];
  askedAt: Date;
  asker: { id: string; displayName: string; jobTitle: string | null };
  status: PolicyQuestion['status'];
  /** Whether it reached anyone in Teams ("none": nobody could be reached; it waits in the tab). */
  delivery: PolicyQuestion['delivery'];
  sentTo: string[];
  answer: {
    text: string;
    by: { id: string; displayName: string };
    at: Date;
    askerTold: 'sent' | 'failed' | 'none';
  } | null;
  faq: { question: string; answer: string; publishedAt: Date } | null;
}

/** One entry of a policy's FAQ, as every signer sees it: no names. */
export interface FaqEntry {
  id: string;
  question: string;
  answer: string;
  publishedAt: Date;
}

type ViewModels = Pick<Models, 'Person' | 'PolicyVersion'>;

/** Views of questions, with the names and version labels they mention read in one go each. */
export async function questionViews(
  models: ViewModels,
  tenantId: string,
  questions: readonly PolicyQuestion[],
  policies: ReadonlyMap<string, Pick<Policy, 'title'>>,
): Promise<QuestionView[]> {
  const personIds = questions.flatMap((q) => [q.askerId, ...q.sentTo, ...(q.answer ? [q.answer.by] : [])]);
  const [people, versions] = await Promise.all([
    namesAndTitles(models, tenantId, personIds),
    versionsById(models, [...new Set(questions.map((q) => q.versionId.toString()))], { label: 1 }),
  ]);
  const byId = new Map(people.map((p) => [p._id.toString(), p]));
  const name = (id: Types.ObjectId) =>
    byId.get(id.toString())?.displayName ?? 'someone no longer in the directory';
  return questions.map((q) => ({
    id: q._id.toString(),
    policyId: q.policyId.toString(),
    policyTitle: policies.get(q.policyId.toString())?.title ?? 'a policy',
    versionId: q.versionId.toString(),
    versionLabel: versions.get(q.versionId.toString())?.label ?? '',
    kind: q.kind,
    text: q.text,
    via: q.via,
    askedAt: q.askedAt,
    asker: {
      id: q.askerId.toString(),
      displayName: name(q.askerId),
      jobTitle: byId.get(q.askerId.toString())?.jobTitle ?? null,
    },
    status: q.status,
    delivery: q.delivery,
    sentTo: q.sentTo.map(name),
    answer: q.answer
      ? {
          text: q.answer.text,
          by: { id: q.answer.by.toString(), displayName: name(q.answer.by) },
          at: q.answer.at,
          askerTold: q.answer.askerTold,
        }
      : null,
    faq: q.faq ? { question: q.faq.question, answer: q.faq.answer, publishedAt: q.faq.publishedAt } : null,
  }));
}

export const faqEntry = (q: PolicyQuestion): FaqEntry => ({
  id: q._id.toString(),
  question: q.faq?.question ?? q.text,
  answer: q.faq?.answer ?? q.answer?.text ?? '',
  publishedAt: q.faq?.publishedAt ?? q.askedAt,
});
