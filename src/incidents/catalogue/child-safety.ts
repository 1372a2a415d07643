import type { TypeDetails } from './shape';

export const childSafety: TypeDetails = {
  advice: [
    'If a child is in immediate danger, call 999 (the police) now, then tell the safeguarding lead.',
    "Listen, don't investigate: no leading questions, and never promise to keep it a secret.",
    "Write down what you saw or heard in the child's own words, with the time, as soon as you can.",
    'Tell only the safeguarding leads: not colleagues, not the family.',
  ],
  urgent: {
    when: { field: 'immediateRisk', equals: 'yes' },
    tellAtOnce: ['deputy_dsl'],
    escalateTo: ['deputy_dsl', 'headteacher'],
  },
  match: {
    phrases: [
      'worried about a child',
      'worried about a pupil',
      'concerned about a pupil',
      'concerned about a child',
      'being hurt',
      'at home',
      'home life',
      'self harm',
      'wouldnt say why',
    ],
    keywords: {
      'safeguard*': 5,
      welfare: 4,
      'disclos*': 3,
      abuse: 4,
      abused: 4,
      'neglect*': 4,
      bruise: 3.5,
      bruises: 3.5,
      'groom*': 4,
      'self-harm': 4,
      'harm*': 2,
      hurt: 2,
      hit: 1.5,
      worried: 1.5,
      'concern*': 1,
      fgm: 5,
      'exploit*': 3,
      unsafe: 2,
    },
  },
  fields: [
    {
      key: 'childName',
      label: 'Child',
      question: 'Which child is it? (name and class or year group)',
      kind: 'text',
      required: true,
      maxLength: 200,
      sealed: true,
    },
    {
      key: 'narrative',
      label: 'The concern',
      question:
        'Tell me what you saw or heard, in the child’s words where you can. Facts only; do not investigate or ask the child leading questions.',
      kind: 'longText',
      required: true,
      sealed: true,
    },
    {
      key: 'immediateRisk',
      label: 'Immediate danger',
      question:
        'Is the child in immediate danger right now? (If yes, also call the DSL or 999 straight away.)',
      kind: 'yesNo',
      required: true,
      allowUnsure: true,
    },
  ],
};
