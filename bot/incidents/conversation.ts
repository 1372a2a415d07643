import { z } from 'zod';
import { isAppError } from '../../src/errors';
import type { Reporter } from '../../src/incidents/intake-state';
import type { Intake } from '../../src/incidents/intake-model';
import type { Incidents } from '../../src/incidents/module';
import { menuOrder } from '../../src/incidents/intent';
import { findIncidentType } from '../../src/incidents/catalogue';
import { idText } from '../../src/shared/input';
import { phraseMatcher, type BotCommand, type BotRoutes, type BotTurn } from '../router';
import { intakeVerbs, menuCard, myReportsCard } from './intake-cards';
import { intakeFlow, noLongerInProgress } from './intake-flow';
import { claimedCard, claimRefusedCard, claimVerb } from './notice-cards';

export interface IncidentBotDeps {
  readonly incidents: Incidents;
}

/** The cards' data (Action.Execute and Action.Submit add fields of their own, which are let through). */
const answerData = z.object({
  step: z.string().max(100),
  /** A quick-reply button's value, or the typed answer. */
  value: z.string().max(20_000).optional(),
  answer: z.string().max(20_000).optional(),
});
const startData = z.object({
  type: z.string().max(100).optional(),
  relatedReference: z.string().max(100).optional(),
});
const claimData = z.object({ incidentId: idText });

const isReportMenu = phraseMatcher(
  'report',
  'report an incident',
  'report incident',
  'new report',
  'incident',
  'report something',
);
const isMyReports = phraseMatcher(
  'my reports',
  'my incidents',
  'my incident reports',
  'reports',
  'my report',
);
const isHelp = phraseMatcher('help', '?');
const referencePattern = /^INC-\d{4}-\d{4,}$/;

const notInDirectory =
  "I can't find you in the school's directory, so I can't take a report from you here yet. Please tell your IT manager — and if it is urgent, tell the person responsible in person now.";
/** Said whenever the bot cannot place a message, above the choices (child safety first). */
export const childAtRiskLine = 'If a child may be at risk, tell the DSL now, in person or by phone.';
const unreadable = 'That button sent something I could not read.';

type IntakeSubmit = (
  turn: BotTurn,
  reporter: Reporter,
  intake: Intake,
  data: Record<string, unknown>,
) => Promise<void>;

/** Incident reporting in the chat: commands, the report in progress, free text about an incident, and the cards' buttons. */
export function incidentBotRoutes(deps: IncidentBotDeps): Partial<BotRoutes> {
  const { incidents } = deps;
  const flow = intakeFlow(incidents);

  const withReporter = async (turn: BotTurn, run: (reporter: Reporter) => Promise<void>): Promise<void> => {
    if (turn.person) await run(turn.person);
    else await turn.sendText(notInDirectory);
  };
  const withIntake = (run: IntakeSubmit) => (turn: BotTurn, data: Record<string, unknown>) =>
    withReporter(turn, async (reporter) => {
      const intake = await incidents.intake.current(reporter);
      if (intake) await run(turn, reporter, intake, data);
      else await turn.sendText(noLongerInProgress);
    });

  /** While a report is being made, what the person types is an answer (help and the menus aside). */
  const intakeInProgress = async (turn: BotTurn): Promise<boolean> => {
    if (!turn.person || !turn.text) return false;
    if (isHelp(turn.text) || isMyReports(turn.text) || isReportMenu(turn.text)) return false;
    const intake = await incidents.intake.current(turn.person);
    if (!intake) return false;
    if (!(await flow.whenStale(turn, turn.person, intake))) {
      await flow.continueWith(turn, turn.person, intake, turn.text);
    }
    return true;
  };

  /**
   * Free text: start on the type it is clearly about. Otherwise never a dead end: the report
   * choices, child safety first, then the likeliest, with the line about a child at risk.
   */
  const fromFreeText = async (turn: BotTurn): Promise<void> => {
    const match = incidents.match(turn.text);
    const type = match.type ? findIncidentType(match.type) : undefined;
    if (type) return withReporter(turn, (reporter) => flow.start(turn, reporter, type, { fromText: true }));
    const placed = match.candidates.length > 0;
    await turn.sendCard(
      menuCard({
        types: menuOrder(match, incidents.types),
        title: placed ? 'What kind of incident is it?' : 'Is this something to report?',
        intro: placed
          ? "I'm not sure which kind of incident this is. Choose the one that fits best."
          : 'I could not tell what that is about. If you want to report something, choose what it is about below, or type "help" to see what else I can do.',
        warning: childAtRiskLine,
      }),
    );
  };

  /** A button of an earlier question (pressed late, or twice) must not answer the current one. */
  const answerFromCard: IntakeSubmit = async (turn, reporter, intake, data) => {
    const parsed = answerData.safeParse(data);
    if (!parsed.success || parsed.data.step !== intake.step) {
      const problem = parsed.success
        ? 'That was an answer to an earlier question. Here is where we are now.'
        : `${unreadable} Here is where we are now.`;
      return flow.ask(turn, await incidents.intake.prompt(reporter, intake, problem));
    }
    const value = parsed.data.value ?? parsed.data.answer ?? '';
    await flow.ask(turn, (await incidents.intake.answer(reporter, intake, value)).prompt);
  };

  const startFromCard = (turn: BotTurn, data: Record<string, unknown>) =>
    withReporter(turn, async (reporter) => {
      const parsed = startData.safeParse(data);
      if (!parsed.success) await turn.sendText(`${unreadable} Choose what to report below.`);
      const type = parsed.data?.type ? findIncidentType(parsed.data.type) : undefined;
      if (!type) return flow.showMenu(turn);
      const related = parsed.data?.relatedReference ?? '';
      await flow.start(
        turn,
        reporter,
        type,
        referencePattern.test(related) ? { relatedReference: related } : {},
      );
    });

  const takeOwnership = async (turn: BotTurn, data: Record<string, unknown>) => {
    if (!turn.person) return claimRefusedCard(notInDirectory);
    const parsed = claimData.safeParse(data);
    if (!parsed.success) return claimRefusedCard(`${unreadable} Open the report in Conduct to take it.`);
    try {
      return claimedCard(await incidents.claim(turn.person, parsed.data.incidentId), incidents.timeZone);
    } catch (error) {
      if (isAppError(error)) return claimRefusedCard(error.message);
      throw error;
    }
  };

  const commands: BotCommand[] = [
    {
      name: 'report',
      description: 'Report an incident (or just tell me what happened).',
      matches: isReportMenu,
      handle: flow.showMenu,
    },
    {
      name: 'my reports',
      description: 'See the incidents you have reported and where each has got to.',
      matches: isMyReports,
      handle: (turn) =>
        withReporter(turn, async (reporter) =>
          turn.sendCard(myReportsCard(await incidents.mine(reporter), incidents.timeZone)),
        ),
    },
  ];

  return {
    commands,
    interceptors: [intakeInProgress],
    fallback: fromFreeText,
    submits: {
      [intakeVerbs.menu]: flow.showMenu,
      [intakeVerbs.start]: startFromCard,
      [intakeVerbs.answer]: withIntake(answerFromCard),
      [intakeVerbs.back]: withIntake(async (turn, reporter, intake) =>
        flow.ask(turn, (await incidents.intake.back(reporter, intake)).prompt),
      ),
      [intakeVerbs.cancel]: withIntake(flow.cancel),
      [intakeVerbs.send]: withIntake(flow.send),
      [intakeVerbs.resume]: withIntake(flow.resume),
      [intakeVerbs.discard]: withIntake(flow.discard),
    },
    verbs: { [claimVerb]: takeOwnership },
  };
}
