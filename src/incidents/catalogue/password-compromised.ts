import type { TypeDetails } from './shape';

export const passwordCompromised: TypeDetails = {
  advice: [
    'Sign out of the account everywhere you can, once the password is changed.',
    'Never give the new one to anyone — nobody, IT support included, needs to know it.',
  ],
  passwordAdviceFirst: true,
  match: {
    phrases: [
      'knows my password',
      'know my password',
      'been hacked',
      'got hacked',
      'my login',
      'my account',
      'logged into my',
      'signed into my',
      'sign in alert',
      'using my login',
      'shared my password',
      'sending spam',
    ],
    keywords: {
      password: 4,
      passwords: 4,
      passcode: 3,
      pin: 1,
      'hack*': 3.5,
      compromised: 3,
      login: 2,
      logon: 2,
      credentials: 2.5,
      'account*': 1,
      'sign-in': 2,
      mfa: 2,
      'authenticat*': 1.5,
    },
  },
  fields: [
    {
      key: 'account',
      label: 'Which account',
      question: 'Which account is it? (e.g. "my school Microsoft 365 account", "the SIMS login", "Wi-Fi")',
      kind: 'text',
      required: true,
      maxLength: 200,
    },
    {
      key: 'changed',
      label: 'Password changed',
      question: 'Have you changed the password now?',
      kind: 'yesNo',
      required: true,
    },
    {
      key: 'exposedAt',
      label: 'May have been exposed',
      question: 'When might someone else have seen or got hold of it? Your best guess is fine.',
      hint: 'e.g. "this morning", "yesterday at lunch", "last week", "21/11/2026 14:30" — or "not known"',
      kind: 'when',
      required: false,
    },
    {
      key: 'whatHappened',
      label: 'What happened',
      question:
        'How might it have become known? (e.g. "typed it in front of a class", "a sign-in alert I did not make")',
      kind: 'longText',
      required: true,
      maxLength: 2_000,
    },
  ],
};
