import { device, when } from './common';
import type { TypeDetails } from './shape';

export const lostDevice: TypeDetails = {
  advice: [
    'If it may have been stolen, report it to the police and keep the crime reference.',
    'Change the password of any account that was signed in on it.',
    'Think back to what was on it (emails, files, photos) — the next questions ask.',
  ],
  alsoNotify: [
    { role: 'dpo', when: { field: 'personalData', equals: 'yes' }, reason: 'it may involve personal data' },
  ],
  offerFollowUp: {
    type: 'data_breach',
    when: { field: 'personalData', equals: 'yes' },
    prompt:
      'Personal data on a lost device may be a data breach. Shall we report one as well, for the data protection officer?',
  },
  match: {
    phrases: [
      'left my',
      'cant find',
      'can not find',
      'been stolen',
      'got stolen',
      'was stolen',
      'break in',
      'broken into',
    ],
    keywords: {
      lost: 4,
      lose: 3,
      stolen: 4,
      stole: 4,
      nicked: 4,
      theft: 4,
      mislaid: 4,
      'mislay*': 4,
      missing: 2.5,
      laptop: 1,
      'ipad*': 1,
      tablet: 1,
      phone: 1,
      mobile: 1.5,
      usb: 1.5,
      memory: 1,
      stick: 1,
      camera: 1,
      chromebook: 1,
      device: 1,
      train: 1.5,
      bus: 1.5,
      car: 1,
      taxi: 1.5,
    },
  },
  fields: [
    device,
    {
      key: 'whatHappened',
      label: 'What happened',
      question: 'Where and how was it lost or stolen? (e.g. "left on the 17:05 train to Leeds")',
      kind: 'longText',
      required: true,
      maxLength: 2_000,
    },
    { ...when, question: 'When did you last have it, or notice it was gone?' },
    {
      key: 'encrypted',
      label: 'Encrypted',
      question: 'Was the device encrypted or locked with a password/PIN?',
      kind: 'yesNo',
      required: true,
      allowUnsure: true,
    },
    {
      key: 'personalData',
      label: 'Held personal data',
      question:
        'Did it hold personal data — about pupils, parents or staff (including email you can read on it)?',
      kind: 'yesNo',
      required: true,
      allowUnsure: true,
    },
    {
      key: 'dataOnIt',
      label: 'What data was on it',
      question: 'What personal data was on it, as far as you know?',
      kind: 'longText',
      required: true,
      maxLength: 2_000,
      askIf: { field: 'personalData', equals: 'yes' },
    },
    {
      key: 'policeReference',
      label: 'Police crime reference',
      question:
        'If it was stolen and you reported it to the police, what is the crime reference? (or "none")',
      kind: 'text',
      required: false,
      maxLength: 100,
    },
  ],
};
