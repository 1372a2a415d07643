import { loadActor } from '../../src/directory/sign-in';
import { isAppError } from '../../src/errors';
import type { IntakePrompt, Reporter } from '../../src/incidents/intake';
import type { Intake } from '../../src/incidents/intake-model';
import type { Incidents } from '../../src/incidents/module';
import { findIncidentType, type IncidentType } from '../../src/incidents/types';
import type { Models } from '../../src/store/models';
import { normalisePhrase, phraseMatcher, type BotCommand, type BotRoutes, type BotTurn } from '../router';
import {
  intakeVerbs,
  menuCard,
  myReportsCard,
  passwordAdviceCard,
  promptCard,
  resumeCard,
  submittedCard,
} from './intake-cards';
import { claimedCard, claimRefusedCard, claimVerb } from './notice-cards';

export interface IncidentBotDeps {
  readonly incidents: Incidents;
  readonly models: Pick<Models, 'Person' | 'RoleAssignment'>;
}

const said = (...words: string[]) => {
  const set = new Set(words);
  return (text: string): boolean => set.has(normalisePhrase(text));
};
const isCancel = said('cancel', 'stop', 'quit', 'abandon', 'cancel it', 'cancel report', 'forget it');
const isBack = said('back', 'go back', 'previous', 'undo');
const isSend = said('send', 'send it', 'send report', 'submit', 'yes', 'confirm', 'yes send it');
const isResume = said('carry on', 'continue', 'resume', 'yes', 'go on');
const isDiscard = said('drop it', 'discard', 'start again', 'no', 'cancel', 'stop');
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

const notInDirectory =
  "I can't find you in the school's directory, so I can't take a report from you here yet. Please tell your IT manager — and if it is urgent, tell the person responsible in person now.";
const notUnderstood =
  'Sorry, I did not understand that. Type "help" to see what I can do, or "report" to report an incident.';

/** Incident reporting in the chat: commands, the intake in progress, free text about an incident, and the cards' buttons. */
export function incidentBotRoutes(deps: IncidentBotDeps): Partial<BotRoutes> {
  const { incidents } = deps;
  const withReporter = async (turn: BotTurn, run: (reporter: Reporter) => Promise<void>): Promise<void> => {
    if (!turn.person) {
      await turn.sendText(notInDirectory);
      return;
    }
    await run(turn.person);
  };
  const ask = async (turn: BotTurn, prompt: IntakePrompt, options: { offerOtherTypes?: boolean } = {}) =>
    turn.sendCard(promptCard(prompt, options));

  const start = async (
    turn: BotTurn,
    reporter: Reporter,
    type: IncidentType,
    relatedReference?: string,
    fromText = false,
  ) => {
    const { prompt } = await incidents.intake.start(
      reporter,
      type.id,
      relatedReference ? { relatedReference } : {},
    );
    if (type.passwordAdviceFirst) await turn.sendCard(passwordAdviceCard(incidents.passwordResetUrl));
    await ask(turn, prompt, { offerOtherTypes: fromText });
  };

  const send = async (turn: BotTurn, reporter: Reporter, intake: Intake) => {
    const report = await incidents.intake.submit(reporter, intake);
    await turn.sendCard(
      submittedCard({
        reference: report.reference,
        type: report.type,
        handlerLabel: roleLabel(report.type.handlingRole),
        ...(report.followUp ? { followUp: { ...report.followUp, reference: report.reference } } : {}),
      }),
    );
  };

  /** Reads a message (typed, or a button's value) as a step of the intake in progress. */
  const continueWith = async (
    turn: BotTurn,
    reporter: Reporter,
    intake: Intake,
    text: string,
  ): Promise<void> => {
    if (isCancel(text)) {
      await incidents.intake.cancel(reporter);
      await turn.sendText('Cancelled. Nothing was sent, and nothing of it was kept.');
      return;
    }
    if (isBack(text)) {
      await ask(turn, (await incidents.intake.back(reporter, intake)).prompt);
      return;
    }
    if (intake.step === 'confirm' || intake.step === 'sending') {
      if (isSend(text)) await send(turn, reporter, intake);
      else
        await ask(
          turn,
          await incidents.intake.prompt(
            reporter,
            intake,
            'Say "send" to send the report, "back" to change an answer, or "cancel".',
          ),
        );
      return;
    }
    await ask(turn, (await incidents.intake.answer(reporter, intake, text)).prompt);
  };

  const intakeInProgress = async (turn: BotTurn): Promise<boolean> => {
    if (!turn.person || !turn.text) return false;
    if (isHelp(turn.text) || isMyReports(turn.text) || isReportMenu(turn.text)) return false;
    const intake = await incidents.intake.current(turn.person);
    if (!intake) return false;
    if (intake.resumeOfferedAt) {
      if (isResume(turn.text)) await ask(turn, (await incidents.intake.resume(turn.person, intake)).prompt);
      else if (isDiscard(turn.text)) await discard(turn, turn.person);
      else await offer(turn, intake);
      return true;
    }
    if (incidents.intake.isStale(intake)) {
      await incidents.intake.offerResume(intake);
      await offer(turn, intake);
      return true;
    }
    await continueWith(turn, turn.person, intake, turn.text);
    return true;
  };

  const offer = async (turn: BotTurn, intake: Intake) => {
    const type = findIncidentType(intake.type);
    if (type)
      await turn.sendCard(resumeCard({ type, startedAt: intake.startedAt, timeZone: incidents.timeZone }));
  };
  const discard = async (turn: BotTurn, reporter: Reporter) => {
    await incidents.intake.cancel(reporter);
    await turn.sendText(
      'Dropped: nothing of it was kept. Type "report" whenever you want to report something.',
    );
  };

  const showMenu = async (turn: BotTurn): Promise<void> => {
    const intake = turn.person ? await incidents.intake.current(turn.person) : undefined;
    const type = intake ? findIncidentType(intake.type) : undefined;
    await turn.sendCard(
      menuCard({
        types: incidents.types,
        ...(type
          ? {
              inProgress: `You are part-way through reporting ${type.label.toLowerCase()}: choosing a kind below starts again. Type "continue" to carry on instead.`,
            }
          : {}),
      }),
    );
  };

  const fromFreeText = async (turn: BotTurn): Promise<void> => {
    const match = incidents.match(turn.text);
    const type = match.type ? findIncidentType(match.type) : undefined;
    if (type) {
      await withReporter(turn, (reporter) => start(turn, reporter, type, undefined, true));
      return;
    }
    if (match.candidates.length === 0) {
      await turn.sendText(notUnderstood);
      return;
    }
    const likely = match.candidates
      .slice(0, 3)
      .map((c) => findIncidentType(c.type))
      .filter((t): t is IncidentType => Boolean(t));
    const others = incidents.types.filter((t) => !likely.includes(t));
    await turn.sendCard(
      menuCard({
        types: [...likely, ...others],
        title: 'What kind of incident is it?',
        intro:
          "I'm not sure which kind of incident this is. Choose the one that fits best — the likeliest are first.",
      }),
    );
  };

  const commands: BotCommand[] = [
    {
      name: 'report',
      description: 'Report an incident (or just tell me what happened).',
      matches: isReportMenu,
      handle: showMenu,
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

  const withIntake =
    (
      run: (
        turn: BotTurn,
        reporter: Reporter,
        intake: Intake,
        data: Record<string, unknown>,
      ) => Promise<void>,
    ) =>
    (turn: BotTurn, data: Record<string, unknown>) =>
      withReporter(turn, async (reporter) => {
        const intake = await incidents.intake.current(reporter);
        if (!intake) {
          await turn.sendText(
            'That report is no longer in progress (it was sent or cancelled). Type "report" to start a new one.',
          );
          return;
        }
        await run(turn, reporter, intake, data);
      });

  return {
    commands,
    interceptors: [intakeInProgress],
    fallback: fromFreeText,
    submits: {
      [intakeVerbs.menu]: showMenu,
      [intakeVerbs.start]: (turn, data) =>
        withReporter(turn, async (reporter) => {
          const type = typeof data.type === 'string' ? findIncidentType(data.type) : undefined;
          if (!type) return showMenu(turn);
          const related =
            typeof data.relatedReference === 'string' && /^INC-\d{4}-\d{4,}$/.test(data.relatedReference)
              ? data.relatedReference
              : undefined;
          await start(turn, reporter, type, related);
        }),
      [intakeVerbs.answer]: withIntake(async (turn, reporter, intake, data) => {
        // A button of an earlier question (pressed late, or twice) must not answer the current one.
        if (data.step !== intake.step) {
          await ask(
            turn,
            await incidents.intake.prompt(
              reporter,
              intake,
              'That was an answer to an earlier question. Here is where we are now.',
            ),
          );
          return;
        }
        const value =
          typeof data.value === 'string' ? data.value : typeof data.answer === 'string' ? data.answer : '';
        await ask(turn, (await incidents.intake.answer(reporter, intake, value)).prompt);
      }),
      [intakeVerbs.back]: withIntake(async (turn, reporter, intake) =>
        ask(turn, (await incidents.intake.back(reporter, intake)).prompt),
      ),
      [intakeVerbs.cancel]: withIntake((turn, reporter, intake) =>
        continueWith(turn, reporter, intake, 'cancel'),
      ),
      [intakeVerbs.send]: withIntake((turn, reporter, intake) => send(turn, reporter, intake)),
      [intakeVerbs.resume]: withIntake(async (turn, reporter, intake) =>
        ask(turn, (await incidents.intake.resume(reporter, intake)).prompt),
      ),
      [intakeVerbs.discard]: withIntake((turn, reporter) => discard(turn, reporter)),
    },
    verbs: {
      [claimVerb]: async (turn, data) => {
        if (!turn.person) return claimRefusedCard(notInDirectory);
        const incidentId = typeof data.incidentId === 'string' ? data.incidentId : '';
        try {
          const actor = await loadActor(deps.models, turn.person.tenantId, turn.person.entraObjectId);
          return claimedCard(await incidents.claim(actor, incidentId), incidents.timeZone);
        } catch (error) {
          if (isAppError(error)) return claimRefusedCard(error.message);
          throw error;
        }
      },
    },
  };
}

/** How the bot names a role to a reporter. */
export function roleLabel(role: string): string {
  const labels: Record<string, string> = {
    ict_helpdesk: 'ICT helpdesk',
    network_manager: 'network manager',
    it_manager: 'IT manager',
    online_safety_officer: 'online safety officer',
    dsl: 'designated safeguarding lead',
    deputy_dsl: 'deputy safeguarding lead',
    dpo: 'data protection officer',
    headteacher: 'headteacher',
  };
  return labels[role] ?? role.replace(/_/g, ' ');
}
