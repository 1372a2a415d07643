import type { IncidentMessage, IncidentNotice, OversightNotice } from '../../src/incidents/messages';
import { ukDateTime } from '../../src/incidents/steps';
import { card, execute, type AdaptiveCard, type CardElement } from '../cards/card';
import { attention, facts, good, heading, note, paragraph } from '../cards/text';
import { short, statusText } from './intake-cards';

/** The Action.Execute verb of "Take ownership" (handled in conversation.ts). */
export const claimVerb = 'incident.claim';

/** The card Conduct sends first about an incident, for each kind of message. */
export function noticeCard(message: IncidentMessage, timeZone: string): AdaptiveCard {
  if (message.kind === 'oversight') return oversightCard(message.notice, message.reason, timeZone);
  const { notice } = message;
  switch (message.kind) {
    case 'new':
      return handlerCard(notice, timeZone, `New incident: ${notice.typeLabel}`, []);
    case 'escalated':
      return handlerCard(notice, timeZone, `Needs an owner: ${notice.typeLabel}`, [
        attention(`Escalated to you because ${message.reason}.`),
      ]);
    case 'copy':
      return card([
        ...urgentBanner(notice),
        heading(`For your information: ${notice.typeLabel}`),
        paragraph(`You are told of ${notice.reference} because ${message.reason}.`),
        ...summary(notice, timeZone),
        note('Open it in Conduct (Incidents) to read the whole report and add what you do about it.'),
      ]);
    case 'breach-reminder':
      return card([
        ...urgentBanner(notice),
        heading(`Data breach ${notice.reference}: ${message.hoursSinceAware} hours`),
        attention(
          `${message.hoursSinceAware} hours have passed since the school became aware.${notice.breachDeadlineAt ? ` The 72 hours for telling the ICO end ${ukDateTime(notice.breachDeadlineAt, timeZone)}.` : ''}`,
        ),
        paragraph(
          'Record in Conduct whether it is to be reported to the ICO, and why. The reminders stop once you have.',
        ),
        ...summary(notice, timeZone),
      ]);
    case 'status':
      return reporterCard(notice, message.message);
  }
}

/** A report for the people who handle it, with "Take ownership". */
function handlerCard(
  notice: IncidentNotice,
  timeZone: string,
  title: string,
  extra: CardElement[],
): AdaptiveCard {
  return card([...urgentBanner(notice), heading(title), ...extra, ...summary(notice, timeZone)], {
    actions: [execute('Take ownership', claimVerb, { incidentId: notice.incidentId }, 'positive')],
  });
}

/** What an urgent report says first, in a red box: why it is urgent and what to do now. */
export function urgentBanner(notice: Pick<IncidentNotice, 'urgency'>): CardElement[] {
  if (!notice.urgency) return [];
  const [title, guidance] =
    notice.urgency === 'immediate_danger'
      ? [
          'URGENT: a child may be in immediate danger',
          'If a child is in danger right now, call 999 and ask for the police — do not wait for anyone to take this report on. Then act on it at once, and record what you do in Conduct.',
        ]
      : [
          'URGENT: under 24 hours left to tell the ICO',
          'The 72 hours for reporting this breach to the ICO are nearly up. Decide now whether it is to be reported, and record the decision and why in Conduct.',
        ];
  return [
    {
      type: 'Container',
      style: 'attention',
      bleed: true,
      items: [
        paragraph(title, { size: 'Large', weight: 'Bolder', color: 'Attention' }),
        paragraph(guidance, { weight: 'Bolder' }),
      ],
    },
  ];
}

/**
 * To someone who must see that a report is acted on but may not open it (the headteacher, of a
 * concern about a child): who reported it and when, never what it says; no button.
 */
function oversightCard(notice: OversightNotice, reason: string, timeZone: string): AdaptiveCard {
  const pairs: [string, string][] = [
    ['Reference', notice.reference],
    ...(notice.schoolName ? ([['School', notice.schoolName]] as [string, string][]) : []),
    ['Reported', ukDateTime(notice.reportedAt, timeZone)],
  ];
  return card([
    ...urgentBanner(notice),
    heading(`Needs someone to act: ${notice.typeLabel}`),
    attention(`You are told because ${reason}.`),
    paragraph(
      'Only the safeguarding leads can read this report. Make sure one of them (or a deputy) takes it on now — call them if you need to — or act on it yourself through your safeguarding procedures.',
    ),
    facts(pairs),
  ]);
}

function summary(notice: IncidentNotice, timeZone: string): CardElement[] {
  const pairs: [string, string][] = [
    ['Reference', notice.reference],
    ...(notice.schoolName ? ([['School', notice.schoolName]] as [string, string][]) : []),
    ['Reported by', notice.reporterName],
    ['Reported', ukDateTime(notice.reportedAt, timeZone)],
    ...(notice.breachDeadlineAt
      ? ([['ICO deadline', ukDateTime(notice.breachDeadlineAt, timeZone)]] as [string, string][])
      : []),
    ...notice.lines.map((line) => [line.label, short(line.value)] as [string, string]),
  ];
  return [
    facts(pairs),
    ...(notice.restricted
      ? [
          note(
            'A safeguarding concern: only the safeguarding leads receive this. Read the concern itself in Conduct.',
          ),
        ]
      : []),
  ];
}

/** What the owner sees once they have taken the report (replaces the card they pressed). */
export function claimedCard(notice: IncidentNotice, timeZone: string): AdaptiveCard {
  return card([
    ...urgentBanner(notice),
    good(`You have taken ownership of ${notice.reference}`),
    paragraph(`${notice.typeLabel}. The reporter has been told you have it.`),
    ...summary(notice, timeZone),
  ]);
}

/** Why "Take ownership" did not work (someone else has it, or the role is gone), in place of the card. */
export function claimRefusedCard(reason: string): AdaptiveCard {
  return card([heading('Take ownership'), attention(reason)]);
}

/** To the reporter, in their chat: their report moved on, and what the person handling it wrote to them. */
function reporterCard(
  notice: IncidentNotice,
  message: { from: string; text: string } | undefined,
): AdaptiveCard {
  const owner = notice.ownerName ? ` ${notice.ownerName} has it.` : '';
  return card([
    paragraph(
      `**Your report ${notice.reference}** (${notice.typeLabel.toLowerCase()}) is now **${statusText(notice.status)}**.${owner}`,
    ),
    ...(message ? [paragraph(`**Message from ${message.from}:**`), paragraph(message.text)] : []),
    note('Type "my reports" to see all your reports.'),
  ]);
}
