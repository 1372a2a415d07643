import type { CardElement } from './card';
import { note, paragraph } from './text';

/** A policy to read with the one being signed, with where to read it. */
export interface ReadWithLink {
  policyId: string;
  title: string;
  url: string;
}

/**
 * The links to the policies to read with this one, and a tick for each that the signer read: one
 * multi-select ("id,id" in the sign action's data), so the signature records exactly which.
 */
export function readWithElements(
  links: readonly ReadWithLink[],
  ticked: readonly string[] = [],
): CardElement[] {
  if (links.length === 0) return [];
  return [
    paragraph('**Read it together with**', { spacing: 'Medium' }),
    {
      type: 'ActionSet',
      actions: links.map((link) => ({ type: 'Action.OpenUrl', title: `Open ${link.title}`, url: link.url })),
    },
    {
      type: 'Input.ChoiceSet',
      id: 'readWith',
      label: 'Which of these have you read?',
      isMultiSelect: true,
      style: 'expanded',
      choices: links.map((link) => ({ title: `I have read ${link.title}`, value: link.policyId })),
      // After a refused attempt the card comes back with the signer's ticks still in place.
      ...(ticked.length > 0 ? { value: ticked.join(',') } : {}),
    },
  ];
}

/** On a signed card: which of the policies to read with it the signer said they read. */
export function alsoReadNote(titles: readonly string[] | undefined): CardElement[] {
  return titles && titles.length > 0 ? [note(`Read together with: ${titles.join(', ')}.`)] : [];
}
