import type { IncidentMessage, IncidentNotice } from '../../src/incidents/messages';
import { ukDateTime } from '../../src/incidents/steps';
import {
  attention,
  card,
  execute,
  facts,
  good,
  heading,
  note,
  paragraph,
  type AdaptiveCard,
  type CardElement,
} from '../cards/card';
import { short, statusText } from './intake-cards';

/** The Action.Execute verb of "Take ownership" (handled in conversation.ts). */
export const claimVerb = 'incident.claim';

/** The card Conduct sends first about an incident, for each kind of message. */
export function noticeCard(message: IncidentMessage, timeZone: string): AdaptiveCard {
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
        heading(`For your information: ${notice.typeLabel}`),
        paragraph(`You are told of ${notice.reference} because ${message.reason}.`),
        ...summary(notice, timeZone),
      ]);
    case 'breach-reminder':
      return card([
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
  return card([heading(title), ...extra, ...summary(notice, timeZone)], {
    actions: [execute('Take ownership', claimVerb, { incidentId: notice.incidentId }, 'positive')],
  });
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
