import type { TypeDetails } from './shape';

export const somethingElse: TypeDetails = {
  alsoNotify: [
    {
      role: 'dsl',
      when: { field: 'childHarmed', oneOf: ['yes', 'unsure'] },
      reason: 'a child may have been hurt or exposed to something harmful',
    },
  ],
  match: { phrases: [], keywords: {} },
  fields: [
    {
      key: 'whatHappened',
      label: 'What happened',
      question: 'What happened? Tell me in your own words and I will get it to the right person.',
      kind: 'longText',
      required: true,
    },
    {
      key: 'childHarmed',
      label: 'A child harmed or exposed',
      question: 'Was a child hurt, or shown or sent something harmful, because of it?',
      hint: 'If you are worried about a child, say "yes" — the safeguarding lead is told too.',
      kind: 'yesNo',
      required: true,
      allowUnsure: true,
    },
  ],
};
