import { roleInSentence } from '../../src/directory/labels';
import type { Reporter } from '../../src/incidents/intake-state';
import type { Intake } from '../../src/incidents/intake-model';
import type { Incidents } from '../../src/incidents/module';
import type { IntakePrompt } from '../../src/incidents/prompt';
import { findIncidentType, type IncidentType } from '../../src/incidents/catalogue';
import { normalisePhrase, type BotTurn } from '../router';
import {
  adviceCard,
  menuCard,
  passwordAdviceCard,
  promptCard,
  resumeCard,
  submittedCard,
} from './intake-cards';

const said = (...words: string[]) => {
  const set = new Set(words);
  return (text: string): boolean => set.has(normalisePhrase(text));
};
const isCancel = said('cancel', 'stop', 'quit', 'abandon', 'cancel it', 'cancel report', 'forget it');
const isBack = said('back', 'go back', 'previous', 'undo');
const isSend = said('send', 'send it', 'send report', 'submit', 'yes', 'confirm', 'yes send it');
/** "continue" re-shows where the report is; never taken as an answer. */
const isContinue = said('carry on', 'continue', 'resume');
const isResume = said('carry on', 'continue', 'resume', 'yes', 'go on');
const isDiscard = said('drop it', 'discard', 'start again', 'no', 'cancel', 'stop');

/** A button or word for a report that was sent or cancelled meanwhile (another window, a late press). */
export const noLongerInProgress =
  'That report is no longer in progress (it was sent or cancelled). Type "report" to start a new one.';
const beingSent =
  'That report is already being sent, so it can no longer be cancelled. Type "my reports" to see it (say "send" if it is not there).';

/** The conversation of a report being made: asking, reading answers, going back, sending. */
export function intakeFlow(incidents: Incidents) {
  const ask = (turn: BotTurn, prompt: IntakePrompt, options: { offerOtherTypes?: boolean } = {}) =>
    turn.sendCard(promptCard(prompt, options));

  const start = async (
    turn: BotTurn,
    reporter: Reporter,
    type: IncidentType,
    options: { relatedReference?: string; fromText?: boolean } = {},
  ): Promise<void> => {
    const related = options.relatedReference ? { relatedReference: options.relatedReference } : {};
    const { prompt } = await incidents.intake.start(reporter, type.id, related);
    // The password link comes first, with the type's advice; any other type's advice has a card of its own.
    const advice = type.passwordAdviceFirst
      ? passwordAdviceCard(incidents.passwordResetUrl, type.advice)
      : adviceCard(type);
    if (advice) await turn.sendCard(advice);
    await ask(turn, prompt, { offerOtherTypes: options.fromText === true });
  };

  const send = async (turn: BotTurn, reporter: Reporter, intake: Intake): Promise<void> => {
    const report = await incidents.intake.submit(reporter, intake);
    const followUp = report.followUp ? { followUp: { ...report.followUp, reference: report.reference } } : {};
    await turn.sendCard(
      submittedCard({
        reference: report.reference,
        type: report.type,
        handlerLabel: roleInSentence(report.type.handlingRole),
        urgent: report.urgent,
        ...followUp,
      }),
    );
  };

  /** Drops the report as read; says so only when it was dropped, and otherwise why it was not. */
  const drop = async (turn: BotTurn, reporter: Reporter, intake: Intake, done: string): Promise<void> => {
    const outcome = await incidents.intake.cancel(reporter, intake);
    await turn.sendText(
      outcome === 'cancelled' ? done : outcome === 'sending' ? beingSent : noLongerInProgress,
    );
  };
  const cancel = (turn: BotTurn, reporter: Reporter, intake: Intake) =>
    drop(turn, reporter, intake, 'Cancelled. Nothing was sent, and nothing of it was kept.');
  const discard = (turn: BotTurn, reporter: Reporter, intake: Intake) =>
    drop(
      turn,
      reporter,
      intake,
      'Dropped: nothing of it was kept. Type "report" whenever you want to report something.',
    );

  const resume = async (turn: BotTurn, reporter: Reporter, intake: Intake): Promise<void> =>
    ask(turn, (await incidents.intake.resume(reporter, intake)).prompt);

  const offerResume = async (turn: BotTurn, intake: Intake): Promise<void> => {
    const type = findIncidentType(intake.type);
    if (type)
      await turn.sendCard(resumeCard({ type, startedAt: intake.startedAt, timeZone: incidents.timeZone }));
  };

  /** Reads a typed message as a step of the report in progress. */
  const continueWith = async (
    turn: BotTurn,
    reporter: Reporter,
    intake: Intake,
    text: string,
  ): Promise<void> => {
    if (isCancel(text)) return cancel(turn, reporter, intake);
    if (isBack(text)) return ask(turn, (await incidents.intake.back(reporter, intake)).prompt);
    if (isContinue(text)) return ask(turn, await incidents.intake.prompt(reporter, intake));
    if (intake.step === 'confirm' || intake.step === 'sending') {
      if (isSend(text)) return send(turn, reporter, intake);
      const problem = 'Say "send" to send the report, "back" to change an answer, or "cancel".';
      return ask(turn, await incidents.intake.prompt(reporter, intake, problem));
    }
    await ask(turn, (await incidents.intake.answer(reporter, intake, text)).prompt);
  };

  /** A report left for a day or more: the next message is the person's choice to carry on or drop it. */
  const whenStale = async (turn: BotTurn, reporter: Reporter, intake: Intake): Promise<boolean> => {
    if (intake.resumeOfferedAt) {
      if (isResume(turn.text)) await resume(turn, reporter, intake);
      else if (isDiscard(turn.text)) await discard(turn, reporter, intake);
      else await offerResume(turn, intake);
      return true;
    }
    if (!incidents.intake.isStale(intake)) return false;
    await incidents.intake.offerResume(intake);
    await offerResume(turn, intake);
    return true;
  };

  /** The "report" menu, saying so when a report is already part-way through. */
  const showMenu = async (turn: BotTurn): Promise<void> => {
    const intake = turn.person ? await incidents.intake.current(turn.person) : undefined;
    const type = intake ? findIncidentType(intake.type) : undefined;
    const inProgress = type
      ? `You are part-way through reporting ${type.label.toLowerCase()}: choosing a kind below starts again. Type "continue" to carry on instead.`
      : undefined;
    await turn.sendCard(menuCard({ types: incidents.types, ...(inProgress ? { inProgress } : {}) }));
  };

  return { ask, start, send, cancel, discard, resume, continueWith, whenStale, showMenu };
}
