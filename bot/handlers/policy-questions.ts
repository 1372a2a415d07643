import { Types } from 'mongoose';
import { z } from 'zod';
import type { Acknowledgements } from '../../src/acknowledgements/module';
import { isAppError } from '../../src/errors';
import type { PolicyQuestions } from '../../src/policies/questions/module';
import { idText } from '../../src/shared/input';
import { type AdaptiveCard, type CardElement } from '../cards/card';
import { attention, good } from '../cards/text';
import {
  askAboutCard,
  questionAskedCard,
  questionRefusedCard,
  questionVerbs,
  toAnswerCard,
} from '../cards/question-cards';
import { phraseMatcher, type BotRoutes, type BotTurn, type VerbHandler } from '../router';
import { cardForStanding } from './policies';

export interface QuestionBotDeps {
  questions: Pick<PolicyQuestions, 'ask' | 'answer' | 'setInFaq' | 'view'>;
  acknowledgements: Pick<Acknowledgements, 'standing' | 'mine'>;
  /** True when a text may be about a child's safety: the reply then points to the DSL too. */
  mayConcernAChild?: (text: string) => boolean;
  timeZone: string;
  publicBaseUrl: string;
}

/** The tab's page where owners and IT managers answer questions. */
export const questionsPageUrl = (publicBaseUrl: string): string => `${publicBaseUrl}/tab/admin/questions`;

const notInDirectory =
  "I can't find you in the school's directory, so I can't take a question from you here. Please ask your IT manager.";
const unreadable = 'That button sent something I could not read, so nothing was sent.';

const typedText = z.string().max(4_000).optional();
const askData = z.object({
  from: z.enum(['card', 'chat']),
  policyId: z.string().max(40).optional(),
  versionId: idText.optional(),
  questionKind: z.string().max(20).optional(),
  questionText: typedText,
});
const questionData = z.object({ questionId: idText });
const answerData = questionData.extend({ answer: typedText });
const faqData = questionData.extend({ faqQuestion: typedText, faqAnswer: typedText });

/** A refusal's sentence, with the fields' own messages when there are some. */
const reasonOf = (error: { message: string; details?: readonly { message: string }[] | undefined }) =>
  error.details && error.details.length > 0
    ? `${error.message} (${error.details.map((d) => d.message).join('; ')})`
    : error.message;

/** Puts a line under a card's heading and version note. */
const withBanner = (shown: AdaptiveCard, banner: CardElement): AdaptiveCard => ({
  ...shown,
  body: [...shown.body.slice(0, 2), banner, ...shown.body.slice(2)],
});

const blankToUndefined = (text: string | undefined) => (text && text.trim() ? text : undefined);

/** Asking about a policy (from its card, or by chat), and the owner's card to answer and publish. */
export function questionBotRoutes(deps: QuestionBotDeps): Partial<BotRoutes> {
  const { questions } = deps;
  const who = (turn: BotTurn) => ({ tenantId: turn.tenantId, entraObjectId: turn.person!.entraObjectId });

  const askable = async (turn: BotTurn) => {
    const mine = await deps.acknowledgements.mine(turn.person!);
    return [...mine.outstanding, ...mine.signed]
      .map((p) => ({ policyId: p.policyId, title: p.title }))
      .sort((a, b) => a.title.localeCompare(b.title));
  };

  const showAskCard = async (turn: BotTurn): Promise<void> => {
    if (!turn.person) return turn.sendText(notInDirectory);
    const policies = await askable(turn);
    if (policies.length === 0) {
      return turn.sendText(
        'There are no policies for you to sign yet, so there is nothing to ask about here.',
      );
    }
    await turn.sendCard(askAboutCard({ policies }));
  };

  /** The policy card the question was asked from, as it stands, with a line saying what happened. */
  const policyCardWith = async (turn: BotTurn, versionId: string, banner: CardElement) => {
    const standing = await deps.acknowledgements.standing(turn.person!, new Types.ObjectId(versionId));
    if (standing.kind === 'unknown') return questionRefusedCard('This policy is no longer available.');
    return withBanner(cardForStanding(deps, turn.person!, standing), banner);
  };

  const ask: VerbHandler = async (turn, data) => {
    const parsed = askData.safeParse(data);
    if (!parsed.success) return questionRefusedCard(unreadable);
    if (!turn.person) return questionRefusedCard(notInDirectory);
    const { from, policyId, versionId, questionKind, questionText } = parsed.data;
    const input = { kind: questionKind === 'concern' ? 'concern' : 'question', text: questionText ?? '' };
    const fromCard = from === 'card' && versionId !== undefined;
    try {
      if (!policyId || !idText.safeParse(policyId).success) throw new Error('no policy chosen');
      const question = await questions.ask(who(turn), policyId, input, from);
      const child = deps.mayConcernAChild?.(input.text) === true;
      if (!fromCard) return questionAskedCard(question, { timeZone: deps.timeZone, safeguardingLine: child });
      const sent =
        question.delivery === 'sent'
          ? `Your ${input.kind} went to ${question.sentTo.join(', ')}; the answer will come here in Teams.`
          : `Your ${input.kind} is recorded; nobody could be reached in Teams just now, so it waits in Conduct for the policy's owner.`;
      return policyCardWith(
        turn,
        versionId,
        child ? attention(`${sent} If a child may be at risk, tell the DSL now.`) : good(sent),
      );
    } catch (error) {
      const reason =
        error instanceof Error && error.message === 'no policy chosen'
          ? 'Choose the policy your question is about.'
          : isAppError(error) && error.status < 500
            ? reasonOf(error)
            : undefined;
      if (reason === undefined) throw error;
      if (fromCard) return policyCardWith(turn, versionId, attention(`Nothing was sent: ${reason}`));
      return askAboutCard({
        policies: await askable(turn),
        typed: { policyId, kind: input.kind, text: questionText },
        error: `Nothing was sent: ${reason}`,
      });
    }
  };

  /** The answerer's card as it stands now for whoever looks at it (with a problem, after a refusal). */
  const current = async (turn: BotTurn, questionId: string, problem?: string): Promise<AdaptiveCard> => {
    try {
      const view = await questions.view(who(turn), questionId);
      return toAnswerCard(view, {
        timeZone: deps.timeZone,
        questionsUrl: questionsPageUrl(deps.publicBaseUrl),
        ...(problem ? { problem } : {}),
      });
    } catch (error) {
      if (isAppError(error) && error.status < 500) return questionRefusedCard(problem ?? error.message);
      throw error;
    }
  };

  const acting =
    <S extends typeof questionData>(
      schema: S,
      act: (turn: BotTurn, data: z.infer<S>) => Promise<Parameters<typeof toAnswerCard>[0]>,
    ): VerbHandler =>
    async (turn, data) => {
      const parsed = schema.safeParse(data);
      if (!parsed.success) return questionRefusedCard(unreadable);
      if (!turn.person) return questionRefusedCard(notInDirectory);
      try {
        const view = await act(turn, parsed.data);
        return toAnswerCard(view, {
          timeZone: deps.timeZone,
          questionsUrl: questionsPageUrl(deps.publicBaseUrl),
        });
      } catch (error) {
        if (!isAppError(error) || error.status >= 500) throw error;
        return current(turn, parsed.data.questionId, reasonOf(error));
      }
    };

  return {
    commands: [
      {
        name: 'ask about a policy',
        description: 'Ask a question or raise a concern about a policy; its owner answers you here.',
        matches: phraseMatcher(
          'ask about a policy',
          'ask about a policy question',
          'question about a policy',
          'a question about a policy',
          'i have a question about a policy',
          'concern about a policy',
          'raise a concern about a policy',
          'ask a question',
          'policy question',
        ),
        handle: showAskCard,
      },
    ],
    verbs: {
      [questionVerbs.ask]: ask,
      [questionVerbs.answer]: acting(answerData, (turn, data) =>
        questions.answer(who(turn), data.questionId, { answer: data.answer ?? '' }),
      ),
      [questionVerbs.publish]: acting(faqData, (turn, data) =>
        questions.setInFaq(who(turn), data.questionId, {
          published: true,
          ...(blankToUndefined(data.faqQuestion) ? { question: data.faqQuestion } : {}),
          ...(blankToUndefined(data.faqAnswer) ? { answer: data.faqAnswer } : {}),
        }),
      ),
      [questionVerbs.withdraw]: acting(questionData, (turn, data) =>
        questions.setInFaq(who(turn), data.questionId, { published: false }),
      ),
      [questionVerbs.refresh]: async (turn, data) => {
        const parsed = questionData.safeParse(data);
        if (!parsed.success) return questionRefusedCard(unreadable);
        if (!turn.person) return questionRefusedCard(notInDirectory);
        return current(turn, parsed.data.questionId);
      },
    },
  };
}
