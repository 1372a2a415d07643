import { loadActor } from '../../directory';
import { route } from '../../http/define';
import type { Route } from '../../http/server';
import { parseInput } from '../../shared/input';
import { questionContracts as api } from './contract';
import {
  answerInput,
  answerQuestion,
  askInput,
  askQuestion,
  faqInput,
  myQuestions,
  policyFaq,
  questionsToAnswer,
  setInFaq,
  viewQuestion,
  type QuestionDeps,
} from './questions';
import type { FaqEntry, QuestionView } from './views';

/** The person behind a bot turn, with their roles read now. */
export interface Asker {
  tenantId: string;
  entraObjectId: string;
}

/** Questions about policies as the composition root and the bot see them. */
export interface PolicyQuestions {
  readonly routes: readonly Route[];
  ask(who: Asker, policyId: string, input: unknown, via: 'card' | 'chat'): Promise<QuestionView>;
  answer(who: Asker, questionId: string, input: unknown): Promise<QuestionView>;
  setInFaq(who: Asker, questionId: string, input: unknown): Promise<QuestionView>;
  view(who: Asker, questionId: string): Promise<QuestionView>;
  faq(who: Asker, policyId: string): Promise<FaqEntry[]>;
}

/** Asking about a policy, answering, and the FAQ. */
export function createPolicyQuestions(deps: QuestionDeps): PolicyQuestions {
  const actorOf = (who: Asker) => loadActor(deps.models, who.tenantId, who.entraObjectId);
  const routes: Route[] = [
    route(api.ask, {
      reply: async ({ actor, params: { policyId }, body }) => ({
        status: 201,
        body: await askQuestion(deps, actor, policyId, body, 'tab'),
      }),
    }),
    route(api.faq, {
      reply: async ({ actor, params: { policyId } }) => ({
        status: 200,
        body: { items: await policyFaq(deps, actor, policyId) },
      }),
    }),
    route(api.list, {
      reply: async ({ actor, query }) => ({
        status: 200,
        body: { items: await questionsToAnswer(deps, actor, query) },
      }),
    }),
    route(api.mine, {
      reply: async ({ actor }) => ({ status: 200, body: { items: await myQuestions(deps, actor) } }),
    }),
    route(api.answer, {
      reply: async ({ actor, params: { questionId }, body }) => ({
        status: 200,
        body: await answerQuestion(deps, actor, questionId, body, 'tab'),
      }),
    }),
    route(api.setFaq, {
      reply: async ({ actor, params: { questionId }, body }) => ({
        status: 200,
        body: await setInFaq(deps, actor, questionId, body),
      }),
    }),
  ];
  return {
    routes,
    ask: async (who, policyId, input, via) =>
      askQuestion(deps, await actorOf(who), policyId, parseInput(askInput, input), via),
    answer: async (who, questionId, input) =>
      answerQuestion(deps, await actorOf(who), questionId, parseInput(answerInput, input), 'card'),
    setInFaq: async (who, questionId, input) =>
      setInFaq(deps, await actorOf(who), questionId, parseInput(faqInput, input)),
    view: async (who, questionId) => viewQuestion(deps, await actorOf(who), questionId),
    faq: async (who, policyId) => policyFaq(deps, await actorOf(who), policyId),
  };
}
