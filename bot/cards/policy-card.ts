import { card, execute, openUrl, ukDate, ukLongDate, type AdaptiveCard, type CardElement } from './card';
import { attention, bullets, good, heading, note, paragraph } from './text';
import { askAction } from './question-cards';
import { alsoReadNote, readWithElements, type ReadWithLink } from './read-with';

/** The verbs of the policy card's Universal Actions. */
export const policyVerbs = {
  sign: 'policy.sign',
  refresh: 'policy.refresh',
  showCurrent: 'policy.showCurrent',
} as const;

export interface PolicyCardView {
  policyTitle: string;
  /** Set to offer "Ask about this policy". */
  policyId?: string;
  versionId: string;
  label: string;
  keyPoints: readonly string[];
  /** Fixed notices every signer must see, above the signature. */
  notices: readonly { heading: string; text: string }[];
  /** Other policies to read with this one: linked, and ticked as read when signing. */
  readWith: readonly ReadWithLink[];
  /** Where "Read the full policy" opens (the personal tab's reading page). */
  readUrl: string;
  dueAt: Date | undefined;
  timeZone: string;
  /** The recipient's Entra object id: only their client refreshes the card automatically. */
  recipientObjectId: string | undefined;
  state:
    | {
        kind: 'to-sign';
        signedName: string;
        jobTitle: string;
        /** Set when the last attempt was refused; shown on the card, nothing was stored. */
        error?: string;
        /** What the refused attempt had ticked: kept, so the signer need not tick again. */
        ticked?: { accepted: boolean; readWith: readonly string[] };
        reminder?: boolean;
      }
    | {
        kind: 'signed';
        signedName: string;
        jobTitle: string | undefined;
        signedAt: Date;
        /** Titles of the policies read with it, as the signature records them. */
        alsoRead?: readonly string[];
      }
    | { kind: 'superseded'; currentLabel: string; currentVersionId: string }
    | { kind: 'withdrawn' };
}

/** The card a person signs a policy version with, in each of its states. */
export function policyCard(view: PolicyCardView): AdaptiveCard {
  const refresh = view.recipientObjectId
    ? {
        refresh: {
          action: execute('Refresh', policyVerbs.refresh, { versionId: view.versionId }),
          userIds: [view.recipientObjectId],
        },
      }
    : {};
  const top: CardElement[] = [
    heading(view.policyTitle),
    note(
      `Version ${view.label}${view.dueAt ? ` · please sign by ${ukLongDate(view.dueAt, view.timeZone)}` : ''}`,
    ),
  ];
  const read = openUrl('Read the full policy', view.readUrl);
  const ask = view.policyId ? [askAction({ policyId: view.policyId, versionId: view.versionId })] : [];
  switch (view.state.kind) {
    case 'to-sign':
      return card(
        [
          ...top,
          ...(view.state.reminder ? [attention('Reminder: this policy still needs your signature.')] : []),
          ...keyPoints(view),
          ...notices(view),
          ...readWithElements(
            view.readWith,
            (view.state.ticked?.readWith ?? []).filter((id) => view.readWith.some((l) => l.policyId === id)),
          ),
          ...signForm(view.state),
        ],
        {
          actions: [
            execute('Sign', policyVerbs.sign, { versionId: view.versionId }, 'positive'),
            read,
            ...ask,
          ],
          ...refresh,
        },
      );
    case 'signed':
      return card(
        [
          ...top,
          good(
            `Signed v${view.label} on ${ukDate(view.state.signedAt, view.timeZone)} by ${view.state.signedName}${view.state.jobTitle ? ` (${view.state.jobTitle})` : ''}`,
          ),
          ...alsoReadNote(view.state.alsoRead),
          note('Thank you. Your signature is on record; you can read the policy again at any time.'),
        ],
        { actions: [read, ...ask], ...refresh },
      );
    case 'superseded':
      return card(
        [
          ...top,
          attention(`This version has been replaced by version ${view.state.currentLabel}.`),
          paragraph('Please read and sign the current version instead.'),
        ],
        {
          actions: [
            execute('Show the current version', policyVerbs.showCurrent, {
              versionId: view.state.currentVersionId,
            }),
          ],
          ...refresh,
        },
      );
    case 'withdrawn':
      return card([...top, note('This policy no longer applies to you. There is nothing to sign.')], refresh);
  }
}

function keyPoints(view: PolicyCardView): CardElement[] {
  return [paragraph('**The key points**', { spacing: 'Medium' }), bullets(view.keyPoints)];
}

/** Each notice in its own emphasised box, so it reads as something to take in before signing. */
function notices(view: PolicyCardView): CardElement[] {
  return view.notices.map((notice) => ({
    type: 'Container',
    style: 'warning',
    spacing: 'Medium',
    items: [paragraph(`**${notice.heading}**`), paragraph(notice.text, { spacing: 'Small' })],
  }));
}

function signForm(state: {
  signedName: string;
  jobTitle: string;
  error?: string;
  ticked?: { accepted: boolean };
}): CardElement[] {
  return [
    {
      type: 'Input.Text',
      id: 'signedName',
      label: 'Full name',
      value: state.signedName,
      isRequired: true,
      errorMessage: 'Enter your full name to sign.',
      maxLength: 200,
    },
    { type: 'Input.Text', id: 'jobTitle', label: 'Job title', value: state.jobTitle, maxLength: 200 },
    {
      type: 'Input.Toggle',
      id: 'accepted',
      label: 'Your agreement',
      title: 'I have read, understood and accept this policy',
      valueOn: 'true',
      valueOff: 'false',
      value: state.ticked?.accepted ? 'true' : 'false',
      isRequired: true,
      errorMessage: 'Tick the box to confirm you accept the policy.',
    },
    ...(state.error ? [attention(state.error)] : []),
  ];
}
