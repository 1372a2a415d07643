import type { MyPolicies } from '../../src/acknowledgements/mine';
import { card, ukDate, type AdaptiveCard, type CardElement } from './card';
import { good, heading, note, paragraph } from './text';

/** "my policies": what is waiting for the person's signature and what they have signed. */
export function myPoliciesCard(view: MyPolicies & { timeZone: string; tabUrl: string }): AdaptiveCard {
  const outstanding: CardElement[] =
    view.outstanding.length === 0
      ? [good('Nothing is waiting for your signature. Thank you!')]
      : [
          paragraph(`**Waiting for your signature (${view.outstanding.length})**`),
          {
            type: 'FactSet',
            facts: view.outstanding.map((p) => ({
              title: `${p.title} v${p.label}`,
              value: p.dueAt ? `due ${ukDate(p.dueAt, view.timeZone)}` : 'please sign',
            })),
          },
          note('The cards to sign follow below.'),
        ];
  const signed: CardElement[] =
    view.signed.length === 0
      ? []
      : [
          paragraph('**Signed**', { spacing: 'Medium' }),
          {
            type: 'FactSet',
            facts: view.signed.map((p) => ({
              title: `${p.title} v${p.label}`,
              value: `signed ${ukDate(p.signedAt, view.timeZone)}${p.signedLabel === p.label ? '' : ` (${p.signedLabel})`}`,
            })),
          },
        ];
  return card([heading('Your policies'), ...outstanding, ...signed], {
    actions: [{ type: 'Action.OpenUrl', title: 'Open My policies', url: view.tabUrl }],
  });
}
