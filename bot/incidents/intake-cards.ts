import type { IntakePrompt } from '../../src/incidents/prompt';
import type { IncidentType } from '../../src/incidents/catalogue';
import type { MyReportView } from '../../src/incidents/queue';
import { reporterStatusWords } from '../../src/incidents/labels';
import type { IncidentStatus } from '../../src/incidents/status';
import { card, openUrl, submit, ukDate, type AdaptiveCard, type CardElement } from '../cards/card';
import { attention, bullets, facts, good, heading, note, paragraph } from '../cards/text';

/** The Action.Submit verbs of the intake cards (handled in conversation.ts). */
export const intakeVerbs = {
  menu: 'incident.menu',
  start: 'incident.start',
  answer: 'incident.answer',
  back: 'incident.back',
  cancel: 'incident.cancel',
  send: 'incident.send',
  resume: 'incident.resume',
  discard: 'incident.discard',
} as const;

const actionSet = (actions: CardElement[]): CardElement => ({ type: 'ActionSet', actions });

/** Every type as a button with its one-line description; `first` puts the likeliest types on top. */
export function menuCard(view: {
  types: readonly IncidentType[];
  title?: string;
  intro?: string;
  inProgress?: string;
  /** A line that must stand out (e.g. what to do if a child may be at risk). */
  warning?: string;
}): AdaptiveCard {
  const rows = view.types.flatMap((type) => [
    actionSet([submit(type.label, { verb: intakeVerbs.start, type: type.id })]),
    note(type.description),
  ]);
  return card([
    heading(view.title ?? 'What would you like to report?'),
    ...(view.intro ? [paragraph(view.intro)] : []),
    ...(view.inProgress ? [attention(view.inProgress)] : []),
    ...(view.warning ? [attention(view.warning)] : []),
    ...rows,
    note('If anyone is in immediate danger, call 999 first.'),
  ]);
}

/** One question of the intake (or the school, or the summary to confirm). */
export function promptCard(prompt: IntakePrompt, options: { offerOtherTypes?: boolean } = {}): AdaptiveCard {
  const top: CardElement[] = [
    paragraph(`**Reporting: ${prompt.type.label}**`, { spacing: 'None' }),
    note(`Step ${prompt.number} of ${prompt.total}`),
    ...(prompt.problem ? [attention(prompt.problem)] : []),
  ];
  const controls: CardElement[] = [
    ...(prompt.kind === 'question' && prompt.canGoBack ? [submit('Back', { verb: intakeVerbs.back })] : []),
    ...(prompt.kind === 'confirm' ? [submit('Back', { verb: intakeVerbs.back })] : []),
    submit('Cancel', { verb: intakeVerbs.cancel }),
    ...(options.offerOtherTypes ? [submit('Not this: another kind', { verb: intakeVerbs.menu })] : []),
  ];
  if (prompt.kind === 'school') {
    return card([
      ...top,
      paragraph('Which school is this about?', { weight: 'Bolder' }),
      actionSet(
        prompt.schools.map((s) => submit(s.name, { verb: intakeVerbs.answer, step: 'school', value: s.id })),
      ),
      actionSet(controls),
    ]);
  }
  if (prompt.kind === 'confirm') {
    return card([
      ...top,
      paragraph('Please check your report, then send it.', { weight: 'Bolder' }),
      facts([
        ['Reported by', prompt.reporter],
        ...(prompt.school ? ([['School', prompt.school]] as [string, string][]) : []),
        ...prompt.lines.map((line) => [line.label, short(line.value)] as [string, string]),
      ]),
      ...(prompt.sealedShown
        ? [
            note(
              'Only you see this summary here. Once sent, it is kept encrypted and only the safeguarding leads can read it.',
            ),
          ]
        : []),
      actionSet([submit('Send report', { verb: intakeVerbs.send }), ...controls]),
    ]);
  }
  const { field } = prompt;
  const quick = quickAnswers(field.kind, field.allowUnsure === true, field.required);
  const input: CardElement[] =
    quick.length > 0 && (field.kind === 'yesNo' || field.kind === 'choice')
      ? []
      : [
          {
            type: 'Input.Text',
            id: 'answer',
            label: 'Your answer (or just type it in the chat)',
            isMultiline: field.kind === 'longText',
            maxLength: field.maxLength ?? (field.kind === 'longText' ? 4_000 : 300),
          },
        ];
  return card([
    ...top,
    paragraph(field.question, { weight: 'Bolder' }),
    ...(field.hint ? [note(field.hint)] : []),
    ...(field.sealed ? [note('This is kept encrypted; only the safeguarding leads will read it.')] : []),
    ...(prompt.previous ? [note(`Your answer before: ${short(prompt.previous)}`)] : []),
    ...input,
    actionSet([
      ...(input.length ? [submit('Next', { verb: intakeVerbs.answer, step: field.key })] : []),
      ...quick.map(([title, value]) => submit(title, { verb: intakeVerbs.answer, step: field.key, value })),
    ]),
    actionSet(controls),
  ]);
}

function quickAnswers(kind: string, allowUnsure: boolean, required: boolean): [string, string][] {
  if (kind === 'yesNo')
    return [
      ['Yes', 'yes'],
      ['No', 'no'],
      ...(allowUnsure ? [['Not sure', 'not sure'] as [string, string]] : []),
    ];
  if (kind === 'when')
    return [['Just now', 'now'], ...(required ? [] : [['Not known', ''] as [string, string]])];
  if (kind === 'count') return [['Not known', 'not known']];
  return required ? [] : [['Skip', '']];
}

/** Shown first for a compromised password: change it now, before anything else. */
export function passwordAdviceCard(resetUrl: string, advice: readonly string[] = []): AdaptiveCard {
  return card(
    [
      attention('First: change your password now'),
      paragraph(
        'If someone else may know your password, change it straight away — before you answer anything else — and sign out of anything you are not using. Then come back and tell me what happened.',
      ),
      ...(advice.length ? [bullets(advice)] : []),
    ],
    { actions: [openUrl('Change my password', resetUrl)] },
  );
}

/** "What to do now" for a type, shown as soon as the type is known (before the first question). */
export function adviceCard(type: IncidentType): AdaptiveCard | undefined {
  if (!type.advice?.length) return undefined;
  return card([
    paragraph(`**First, what to do now** (${type.label.toLowerCase()})`),
    bullets(type.advice),
    note('Then answer the questions below: it takes a couple of minutes.'),
  ]);
}

/** The report is in: its reference, who has it, and (a lost device with personal data) what to report next. */
export function submittedCard(view: {
  reference: string;
  type: IncidentType;
  handlerLabel: string;
  /** A child in immediate danger: the safeguarding leads have been alerted already, as urgent. */
  urgent?: boolean;
  followUp?: { type: IncidentType; prompt: string; reference: string };
}): AdaptiveCard {
  return card([
    good(`Thank you. Your report is in: ${view.reference}`),
    ...(view.urgent
      ? [
          attention(
            'I have alerted the safeguarding leads and their deputies now, marked urgent. If the child is in danger right now, call 999 (the police) — do not wait for a reply here.',
          ),
        ]
      : []),
    paragraph(
      `I have passed it to the ${view.handlerLabel} for your school. I will tell you here when someone takes it on and when it moves on.`,
    ),
    ...(view.type.restricted
      ? [note('Only the safeguarding leads can read it. If a child is in immediate danger, call 999.')]
      : []),
    ...(view.type.advice?.length
      ? [
          paragraph('Meanwhile, remember:', { weight: 'Bolder', spacing: 'Medium' }),
          bullets(view.type.advice),
        ]
      : []),
    ...(view.followUp
      ? [
          paragraph(view.followUp.prompt, { weight: 'Bolder', spacing: 'Medium' }),
          actionSet([
            submit(`Report a ${view.followUp.type.label.toLowerCase()} too`, {
              verb: intakeVerbs.start,
              type: view.followUp.type.id,
              relatedReference: view.followUp.reference,
            }),
          ]),
        ]
      : []),
    note('Type "my reports" at any time to see where your reports have got to.'),
  ]);
}

/** A report left unfinished for a long time: carry on, or drop it. */
export function resumeCard(view: { type: IncidentType; startedAt: Date; timeZone: string }): AdaptiveCard {
  return card([
    paragraph(
      `You started reporting **${view.type.label.toLowerCase()}** on ${ukDate(view.startedAt, view.timeZone)} and did not finish.`,
    ),
    paragraph('Would you like to carry on where you left off, or drop it?'),
    actionSet([
      submit('Carry on', { verb: intakeVerbs.resume }),
      submit('Drop it', { verb: intakeVerbs.discard }),
    ]),
  ]);
}

/** "my reports": the person's own reports and where each has got to. */
/** The person's reports, where each stands, and the latest message its handler sent them. */
export function myReportsCard(reports: readonly MyReportView[], timeZone: string): AdaptiveCard {
  if (reports.length === 0) {
    return card([
      heading('Your reports'),
      paragraph('You have not reported anything yet. Type "report" to report an incident.'),
    ]);
  }
  return card([
    heading('Your reports'),
    facts(
      reports.slice(0, 20).map((r) => {
        const latest = r.messages.at(-1);
        const said = latest
          ? `. Message from ${latest.from ?? 'the person handling it'} (${ukDate(latest.at, timeZone)}): "${short(latest.text)}"`
          : '';
        return [
          r.reference,
          `${r.typeLabel} — ${statusText(r.status)}${r.ownerName ? ` (${r.ownerName})` : ''}, reported ${ukDate(r.reportedAt, timeZone)}${said}`,
        ];
      }),
    ),
    ...(reports.length > 20 ? [note(`and ${reports.length - 20} older`)] : []),
  ]);
}

export const statusText = (status: IncidentStatus): string => reporterStatusWords[status] ?? status;

/** Long answers shortened for a card; the full text is in Conduct. */
export const short = (text: string, max = 300): string =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;
