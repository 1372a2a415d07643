import { card, execute, openUrl, ukLongDate, type AdaptiveCard, type CardElement } from './card';
import { attention, good, heading, note, paragraph } from './text';

/** The verbs of the review card's Universal Actions. */
export const reviewVerbs = {
  republish: 'policyReview.republish',
  draft: 'policyReview.draft',
  setDate: 'policyReview.setDate',
} as const;

export interface ReviewCardView {
  policyId: string;
  versionId: string;
  policyTitle: string;
  label: string;
  ownerName: string;
  nextReviewDate: Date;
  stage: 'due-soon' | 'overdue';
  /** What the date field shows: what the owner typed (after a refusal) or a review period from today. */
  suggestedDate: string;
  policyUrl: string;
  timeZone: string;
  /** Set when the last answer was refused: shown on the card; nothing changed. */
  error?: string;
}

/** The card asking a policy's owner to review it: republish as it is, edit it, or set a new date. */
export function reviewCard(view: ReviewCardView): AdaptiveCard {
  const target = { policyId: view.policyId, versionId: view.versionId };
  const due = ukLongDate(view.nextReviewDate, view.timeZone);
  return card(
    [
      heading(`Review due: ${view.policyTitle}`),
      note(`Version ${view.label} · you own this policy`),
      view.stage === 'overdue'
        ? attention(`Its review was due on ${due} and is now overdue.`)
        : paragraph(`Its next review is due on **${due}**.`),
      paragraph(
        `Hello ${view.ownerName.split(' ')[0] ?? view.ownerName}. Please read the policy through and choose what happens next:`,
        { spacing: 'Medium' },
      ),
      paragraph(
        '• **Nothing to change**: publish it again as it is; everyone it applies to is asked to sign it again.\n' +
          '• **It needs changes**: start a new draft from this version and edit it in the tab.\n' +
          '• **Not yet**: set a new review date.',
        { spacing: 'Small' },
      ),
      {
        type: 'Input.Date',
        id: 'nextReviewDate',
        label: 'New review date',
        value: view.suggestedDate,
        spacing: 'Medium',
      },
      ...(view.error ? [attention(view.error)] : []),
    ],
    {
      actions: [
        execute('Publish again unchanged', reviewVerbs.republish, target, 'positive'),
        execute('Start a new draft', reviewVerbs.draft, target),
        execute('Set the review date', reviewVerbs.setDate, target),
        openUrl('Open the policy', view.policyUrl),
      ],
    },
  );
}

/** The review card once the owner has answered: what was done, and where to see it. */
export function reviewAnsweredCard(view: {
  policyTitle: string;
  done: string;
  then?: string;
  link: { title: string; url: string };
}): AdaptiveCard {
  const body: CardElement[] = [
    heading(`Review: ${view.policyTitle}`),
    good(view.done),
    ...(view.then ? [note(view.then)] : []),
  ];
  return card(body, { actions: [openUrl(view.link.title, view.link.url)] });
}
