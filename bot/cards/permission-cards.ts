import { schoolStep, type AskingPrompt } from '../../src/permissions/asking';
import type { PermissionKind } from '../../src/permissions/kinds';
import type { SentRequest } from '../../src/permissions/requests';
import type { PermissionView } from '../../src/permissions/views';
import {
  attention,
  card,
  execute,
  facts,
  good,
  heading,
  note,
  paragraph,
  submit,
  ukLongDate,
  type AdaptiveCard,
  type CardElement,
} from './card';

/** The verbs of the permission cards (handled in bot/handlers/permissions.ts). */
export const permissionVerbs = {
  menu: 'permission.menu',
  start: 'permission.start',
  answer: 'permission.answer',
  back: 'permission.back',
  cancel: 'permission.cancel',
  send: 'permission.send',
  /** Action.Execute on the approver's card. */
  decide: 'permission.decide',
  refresh: 'permission.refresh',
} as const;

const actionSet = (actions: CardElement[]): CardElement => ({ type: 'ActionSet', actions });

/** Every kind of request as a button, with what it covers. */
export function permissionMenuCard(view: { kinds: readonly PermissionKind[]; intro?: string }): AdaptiveCard {
  return card([
    heading('What would you like permission for?'),
    ...(view.intro ? [paragraph(view.intro)] : []),
    ...view.kinds.flatMap((kind) => [
      actionSet([submit(kind.label, { verb: permissionVerbs.start, kind: kind.id })]),
      note(kind.description),
    ]),
  ]);
}

/** One question of the request, or the summary to send. */
export function askingCard(prompt: AskingPrompt, options: { fromText?: boolean } = {}): AdaptiveCard {
  const top: CardElement[] = [
    paragraph(`**Asking permission: ${prompt.kindLabel}**`, { spacing: 'None' }),
    ...(prompt.problem ? [attention(prompt.problem)] : []),
  ];
  const cancel = submit('Cancel', { verb: permissionVerbs.cancel });
  const back = submit('Back', { verb: permissionVerbs.back });
  if (prompt.kind === 'confirm') {
    return card([
      ...top,
      paragraph('Please check your request, then send it.', { weight: 'Bolder' }),
      facts(prompt.lines.map((line) => [line.label, line.value])),
      note(`It goes to your school's approvers (${prompt.approvers}), who will approve or decline it.`),
      actionSet([submit('Send request', { verb: permissionVerbs.send }), back, cancel]),
    ]);
  }
  if (prompt.kind === 'school') {
    return card([
      ...top,
      paragraph('Which school is this request for?', { weight: 'Bolder' }),
      note("You belong to more than one school; that school's approvers will decide it."),
      actionSet([
        ...prompt.schools.map((school) =>
          submit(school.name, { verb: permissionVerbs.answer, step: schoolStep, value: school.id }),
        ),
        cancel,
      ]),
    ]);
  }
  const { question } = prompt;
  return card([
    ...top,
    note(`Question ${prompt.number} of ${prompt.total}`),
    paragraph(question.prompt, { weight: 'Bolder' }),
    {
      type: 'Input.Text',
      id: 'answer',
      label: 'Your answer (or just type it in the chat)',
      isMultiline: question.answer === 'text',
      maxLength: 2_000,
    },
    actionSet([
      submit('Next', { verb: permissionVerbs.answer, step: question.key }),
      ...(question.required
        ? []
        : [submit('Skip', { verb: permissionVerbs.answer, step: question.key, value: 'skip' })]),
      ...(prompt.canGoBack ? [back] : []),
      cancel,
    ]),
    // Read from free text, the request may be a misreading: reporting an incident is one tap away.
    ...(options.fromText
      ? [actionSet([submit('Not asking permission: report something', { verb: 'incident.menu' })])]
      : []),
  ]);
}

/** What the person is told once the request has gone (or that nobody could be sent it). */
export function sentCard(sent: SentRequest): AdaptiveCard {
  const { request } = sent;
  return card([
    heading(`Your request is in: ${request.reference}`),
    sent.told > 0
      ? good(`Sent to the approvers (${request.approvers}). I will tell you here when it is decided.`)
      : attention(
          `It is recorded, but nobody holding the role (${request.approvers}) can be reached in Teams yet. Please tell your IT manager, and ask in person if it is urgent.`,
        ),
    facts([
      ['Request', request.kindLabel],
      ...(request.schoolName ? ([['School', request.schoolName]] as [string, string][]) : []),
      ...request.answers.map((a) => [a.label, a.value] as [string, string]),
    ]),
    note('Until it is approved, please do not go ahead.'),
  ]);
}

const requestFacts = (request: PermissionView, timeZone: string): CardElement =>
  facts([
    ['Reference', request.reference],
    ['Asked by', request.requesterName],
    ...(request.schoolName ? ([['School', request.schoolName]] as [string, string][]) : []),
    ['Asked on', ukLongDate(request.requestedAt, timeZone)],
    ...request.answers.map((a) => [a.label, a.value] as [string, string]),
  ]);

const decisionLines = (request: PermissionView, timeZone: string): CardElement[] => {
  const decision = request.decision;
  if (!decision) return [];
  return [
    (decision.outcome === 'declined' ? attention : good)(
      `${decision.outcomeLabel} by ${decision.byName} on ${ukLongDate(decision.at, timeZone)}`,
    ),
    facts([
      ['Reason', decision.reason],
      ...(decision.conditions ? ([['Conditions', decision.conditions]] as [string, string][]) : []),
      ...(request.endsAt && request.status !== 'declined'
        ? ([['Ends', `at the end of ${ukLongDate(new Date(request.endsAt.getTime() - 1), timeZone)}`]] as [
            string,
            string,
          ][])
        : []),
    ]),
  ];
};

/**
 * The approver's card. While the request waits: the reason (and conditions) and three buttons; once
 * decided, the outcome, for every approver (the card refreshes itself for each of them).
 */
export function decisionCard(
  request: PermissionView,
  options: { timeZone: string; approverIds: readonly string[]; problem?: string },
): AdaptiveCard {
  const refresh =
    options.approverIds.length > 0
      ? {
          refresh: {
            action: execute('Refresh', permissionVerbs.refresh, { requestId: request.id }),
            userIds: [...options.approverIds],
          },
        }
      : {};
  const top = [
    heading(`Permission asked: ${request.kindLabel}`),
    ...(options.problem ? [attention(options.problem)] : []),
    requestFacts(request, options.timeZone),
  ];
  if (request.status !== 'pending') {
    return card(
      [...top, paragraph(`**${request.statusLabel}**`), ...decisionLines(request, options.timeZone)],
      refresh,
    );
  }
  const decide = (title: string, outcome: string, style?: string) =>
    execute(title, permissionVerbs.decide, { requestId: request.id, outcome }, style);
  return card(
    [
      ...top,
      {
        type: 'Input.Text',
        id: 'reason',
        label: 'Reason (required; the person asking will see it)',
        isMultiline: true,
        maxLength: 1_000,
      },
      {
        type: 'Input.Text',
        id: 'conditions',
        label: 'Conditions (only when approving with conditions)',
        isMultiline: true,
        maxLength: 1_000,
      },
      note(`Any approver (${request.approvers}) may decide; the first decision counts.`),
    ],
    {
      actions: [
        decide('Approve', 'approved', 'positive'),
        decide('Approve with conditions', 'approved_with_conditions'),
        decide('Decline', 'declined', 'destructive'),
      ],
      ...refresh,
    },
  );
}

/** To the person who asked: the decision, a reminder that it ends soon, or that it has ended. */
export function requesterCard(
  message: { kind: 'decided' | 'ending-soon' | 'expired'; request: PermissionView },
  timeZone: string,
): AdaptiveCard {
  const { request } = message;
  const title =
    message.kind === 'decided'
      ? `${request.reference}: ${request.decision?.outcomeLabel.toLowerCase() ?? request.statusLabel.toLowerCase()}`
      : message.kind === 'ending-soon'
        ? `${request.reference} ends soon`
        : `${request.reference} has ended`;
  const lead =
    message.kind === 'ending-soon' && request.endsAt
      ? [
          paragraph(
            `Your permission ends at the end of ${ukLongDate(new Date(request.endsAt.getTime() - 1), timeZone)}. If you still need it, ask again before then.`,
          ),
        ]
      : message.kind === 'expired'
        ? [paragraph('Your permission has ended: please stop, or ask again if you still need it.')]
        : [];
  return card([
    heading(title),
    ...lead,
    facts([
      ['Request', request.kindLabel],
      ...(request.schoolName ? ([['School', request.schoolName]] as [string, string][]) : []),
      ...request.answers.map((a) => [a.label, a.value] as [string, string]),
    ]),
    ...decisionLines(request, timeZone),
  ]);
}

/** A press or a message that could not be acted on, saying why. */
export const permissionRefusedCard = (text: string): AdaptiveCard =>
  card([heading('Permission requests'), attention(text)]);
