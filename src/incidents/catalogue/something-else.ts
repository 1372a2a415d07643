import type { TypeDetails } from './shape';

export const somethingElse: TypeDetails = {
  match: { phrases: [], keywords: {} },
  fields: [
    {
      key: 'whatHappened',
      label: 'What happened',
      question: 'What happened? Tell me in your own words and I will get it to the right person.',
      kind: 'longText',
      required: true,
    },
  ],
};
