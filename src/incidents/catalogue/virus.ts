import { device, whatHappened, when } from './common';
import type { TypeDetails } from './shape';

export const virus: TypeDetails = {
  advice: [
    'Take it off the network now: unplug the network cable and turn off its Wi-Fi.',
    'Leave it switched on and do not restart it: the helpdesk may need what is in its memory.',
    'Do not sign in to other accounts or systems from it, or plug in memory sticks.',
    'Note any message or warning on the screen (a photo with your phone is fine).',
  ],
  match: {
    phrases: ['has a virus', 'got a virus', 'ransom note', 'pop ups', 'acting weird', 'files encrypted'],
    keywords: {
      virus: 4,
      viruses: 4,
      malware: 4,
      'ransom*': 4,
      trojan: 4,
      'antivirus*': 3,
      'anti-virus': 3,
      sophos: 3,
      defender: 2,
      infected: 4,
      infection: 4,
      worm: 2,
      spyware: 4,
      adware: 4,
      popups: 2,
      'adverts*': 1.5,
      'redirect*': 1.5,
      slow: 0.5,
      encrypted: 0.5,
      renamed: 1,
    },
  },
  fields: [
    device,
    { ...whatHappened, question: 'What happened? (what you saw on the screen, any message or warning)' },
    {
      key: 'virusName',
      label: 'Name of the virus',
      question: 'Do you know the name of the virus? (from the warning, if there was one)',
      kind: 'text',
      required: false,
      maxLength: 200,
    },
    {
      key: 'actionsTaken',
      label: 'What was done',
      question: 'What has been done so far? (e.g. "unplugged the network cable", "nothing yet")',
      kind: 'longText',
      required: true,
      maxLength: 2_000,
    },
    when,
  ],
};
