import { z } from 'zod';
import { contractsFor, dateTime, type Wire } from '../../http/contract';
import { idText } from '../../shared/input';
import { deliveryStates, questionKinds } from './model';
import { answerInput, askInput, faqInput } from './questions';

const delivery = z.enum(deliveryStates);

/** A question (or concern) about a policy, as its asker and whoever answers it see it. */
export const questionView = z
  .strictObject({
    id: z.string(),
    policyId: z.string(),
    policyTitle: z.string(),
    versionId: z.string(),
    versionLabel: z.string(),
    kind: z.enum(questionKinds),
    text: z.string(),
    via: z.enum(['card', 'chat', 'tab']),
    askedAt: dateTime,
    asker: z.strictObject({ id: z.string(), displayName: z.string(), jobTitle: z.string().nullable() }),
    status: z.enum(['open', 'answered']),
    delivery: delivery.describe(
      'Whether it reached its answerers in Teams; "none" when nobody could be reached (it waits in the tab).',
    ),
    sentTo: z.array(z.string()).describe('The names of those it reached in Teams.'),
    answer: z
      .strictObject({
        text: z.string(),
        by: z.strictObject({ id: z.string(), displayName: z.string() }),
        at: dateTime,
        askerTold: delivery,
      })
      .nullable(),
    faq: z.strictObject({ question: z.string(), answer: z.string(), publishedAt: dateTime }).nullable(),
  })
  .meta({ id: 'PolicyQuestion' });

/** One entry of a policy's FAQ, as every signer sees it. */
export const faqEntryView = z
  .strictObject({ id: z.string(), question: z.string(), answer: z.string(), publishedAt: dateTime })
  .meta({ id: 'PolicyFaqEntry' });

export type PolicyQuestionView = Wire<typeof questionView>;
export type PolicyFaqEntry = Wire<typeof faqEntryView>;

const api = contractsFor('policies');
const questionParams = z.strictObject({ questionId: idText });
const refusals = ['not_found', 'conflict'] as const;

/** Questions about policies, their answers and the FAQ. */
export const questionContracts = {
  ask: api('post /api/policies/:policyId/questions', 'askAboutPolicy', 'signed-in', {
    summary: "Asks a question or raises a concern about a policy; it goes to the policy's owner in Teams",
    params: z.strictObject({ policyId: idText }),
    body: askInput,
    responses: { 201: { description: 'The question as recorded, and who it reached.', json: questionView } },
    refusals,
  }),
  faq: api('get /api/policies/:policyId/faq', 'getPolicyFaq', 'signed-in', {
    summary: "The policy's FAQ: answered questions its owner published",
    params: z.strictObject({ policyId: idText }),
    responses: {
      200: { description: 'Oldest first.', json: z.strictObject({ items: z.array(faqEntryView) }) },
    },
    refusals,
  }),
  list: api('get /api/policy-questions', 'listPolicyQuestions', 'signed-in', {
    summary: 'Questions about the policies the signed-in person owns or manages, newest first',
    query: z.strictObject({
      status: z.enum(['open', 'answered']).optional(),
      policyId: idText.optional(),
    }),
    responses: {
      200: { description: 'The questions.', json: z.strictObject({ items: z.array(questionView) }) },
    },
  }),
  mine: api('get /api/policy-questions/mine', 'listMyPolicyQuestions', 'signed-in', {
    summary: 'The questions the signed-in person asked, with their answers',
    responses: {
      200: { description: 'Newest first.', json: z.strictObject({ items: z.array(questionView) }) },
    },
  }),
  answer: api('post /api/policy-questions/:questionId/answer', 'answerPolicyQuestion', 'signed-in', {
    summary: 'Answers a question (the first answer counts); the answer goes to the asker in Teams',
    params: questionParams,
    body: answerInput,
    responses: { 200: { description: 'The question, answered.', json: questionView } },
    refusals,
  }),
  setFaq: api('put /api/policy-questions/:questionId/faq', 'setPolicyQuestionInFaq', 'signed-in', {
    summary: "Publishes an answered question in the policy's FAQ (reworded if need be), or takes it out",
    params: questionParams,
    body: faqInput,
    responses: { 200: { description: 'The question as it now stands.', json: questionView } },
    refusals,
  }),
};
