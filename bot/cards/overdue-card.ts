import { card, ukDate, type AdaptiveCard } from './card';
import { heading, note, paragraph } from './text';

export interface OverdueView {
  recipientName: string;
  policyTitle: string;
  label: string;
  /** "school" for a headteacher, "team" for a line manager. */
  scope: string;
  overdue: readonly { displayName: string; dueAt: Date }[];
  outstandingUrl: string;
  timeZone: string;
}

const shown = 25;

/** The daily note to a headteacher or line manager of who has not signed in time. */
export function overdueCard(view: OverdueView): AdaptiveCard {
  const people = [...view.overdue].sort((a, b) => a.displayName.localeCompare(b.displayName, 'en-GB'));
  const who = view.scope === 'team' ? 'in your team' : 'at your school';
  return card(
    [
      heading(`${view.policyTitle}: ${people.length} overdue`),
      paragraph(
        `${people.length === 1 ? 'One person' : `${people.length} people`} ${who} ${people.length === 1 ? 'has' : 'have'} not yet signed version ${view.label}, and the due date has passed.`,
      ),
      {
        type: 'FactSet',
        facts: people
          .slice(0, shown)
          .map((p) => ({ title: p.displayName, value: `due ${ukDate(p.dueAt, view.timeZone)}` })),
      },
      ...(people.length > shown ? [note(`…and ${people.length - shown} more.`)] : []),
      note('Conduct keeps reminding them each week until they sign.'),
    ],
    { actions: [{ type: 'Action.OpenUrl', title: 'See who is outstanding', url: view.outstandingUrl }] },
  );
}
