import type { Role } from '../directory/model';

/**
 * The incident types Conduct knows, as data: adding a type (or a field, a phrase, a role) needs no
 * code anywhere else. The bot asks the fields in order, the matcher reads `match`, routing reads
 * the roles, and the flags switch on the behaviour some types need.
 */
export type FieldKind =
  /** One line, up to maxLength (default 300). */
  | 'text'
  /** A paragraph or more, up to maxLength (default 4,000). */
  | 'longText'
  /** Yes or no; with `allowUnsure`, also "not sure". */
  | 'yesNo'
  /** A date and time in the past (in the school's time zone), e.g. "yesterday 14:30", "now". */
  | 'when'
  /** A whole number, or "not known". */
  | 'count'
  /** One of `choices`. */
  | 'choice';

export interface IncidentField {
  /** Stable key under which the answer is stored (incident.fields[key]). */
  readonly key: string;
  /** As shown in summaries, the queue and the incident sheet. */
  readonly label: string;
  /** As the bot asks it. */
  readonly question: string;
  readonly hint?: string;
  readonly kind: FieldKind;
  readonly required: boolean;
  readonly maxLength?: number;
  readonly choices?: readonly { readonly value: string; readonly label: string }[];
  readonly allowUnsure?: boolean;
  /** Encrypted at rest (AES-256-GCM) and never logged, shown or sent anywhere but to the DSL roles. */
  readonly sealed?: boolean;
  /** Only asked when an earlier answer has this value. */
  readonly askIf?: FieldCondition;
}

export interface FieldCondition {
  readonly field: string;
  readonly equals: string | boolean;
}

export interface IncidentType {
  readonly id: string;
  readonly label: string;
  /** One line for the menu: what this type is for. */
  readonly description: string;
  /** The role told of a new report, who takes ownership. */
  readonly handlingRole: Role;
  /** Roles told when nobody has taken ownership after INCIDENT_ESCALATION_MINUTES. */
  readonly escalateTo: readonly Role[];
  /** Every role that may see reports of this type (for the reporter's school, or trust-wide). */
  readonly viewers: readonly Role[];
  /** Only `viewers` ever learn such a report exists; never sent to a shared channel. */
  readonly restricted: boolean;
  /** Tell the person to change their password (PASSWORD_RESET_URL) before asking anything. */
  readonly passwordAdviceFirst?: boolean;
  /** The ICO's 72-hour clock runs from the `awareField` answer; the DPO is reminded until a decision. */
  readonly breachClock?: { readonly awareField: string };
  /** Also tell another role when an answer says so (a lost device with personal data: the DPO). */
  readonly alsoNotify?: { readonly role: Role; readonly when: FieldCondition };
  /** After the report, offer to raise a report of another type (a lost device → a data breach). */
  readonly offerFollowUp?: { readonly type: string; readonly when: FieldCondition; readonly prompt: string };
  readonly match: IntentHints;
  readonly fields: readonly IncidentField[];
}

/**
 * What people say about this type. Keywords are single words with a weight; "word*" matches any
 * word starting so. Phrases are several words in a row and weigh more. Both forgive a typo.
 */
export interface IntentHints {
  readonly phrases: readonly string[];
  readonly keywords: Readonly<Record<string, number>>;
}

/** Roles that oversee a school's incidents, apart from safeguarding. */
const oversight: readonly Role[] = ['headteacher', 'trust_leader'];
const itTeam: readonly Role[] = ['ict_helpdesk', 'network_manager', 'it_manager'];

const device: IncidentField = {
  key: 'device',
  label: 'Device',
  question: 'Which device was it? (e.g. "my school laptop", "Room 12 whiteboard PC", "library iPad 3")',
  kind: 'text',
  required: true,
  maxLength: 200,
};

const whatHappened: IncidentField = {
  key: 'whatHappened',
  label: 'What happened',
  question: 'What happened? Tell me in your own words.',
  kind: 'longText',
  required: true,
};

const when: IncidentField = {
  key: 'occurredAt',
  label: 'When it happened',
  question: 'When did it happen?',
  hint: 'e.g. "now", "today 10:15", "yesterday 14:30" or "21/11/2026 09:00"',
  kind: 'when',
  required: true,
};

export const incidentTypes: readonly IncidentType[] = [
  {
    id: 'virus',
    label: 'Virus or malware',
    description: 'A virus, ransomware or other malware on a school device.',
    handlingRole: 'ict_helpdesk',
    escalateTo: ['network_manager', 'it_manager'],
    viewers: [...itTeam, ...oversight],
    restricted: false,
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
  },
  {
    id: 'inadvertent_access',
    label: 'Inappropriate material seen',
    description: 'Something unsuitable was shown or reached, by you or a pupil (an online-safety incident).',
    handlingRole: 'online_safety_officer',
    escalateTo: ['dsl', 'headteacher'],
    viewers: ['online_safety_officer', 'dsl', 'deputy_dsl', 'it_manager', ...oversight],
    restricted: false,
    match: {
      phrases: [
        'saw something',
        'came up on',
        'popped up',
        'got through the filter',
        'adult site',
        'shouldnt have seen',
        'should not have seen',
        'on the projector',
        'on the whiteboard',
        'on screen',
      ],
      keywords: {
        inappropriate: 4,
        unsuitable: 4,
        'porn*': 4,
        explicit: 3,
        nude: 3,
        'sexual*': 3,
        violent: 3,
        gore: 3,
        gambling: 3,
        awful: 2,
        nasty: 1.5,
        disturbing: 3,
        offensive: 2.5,
        graphic: 2,
        'filter*': 2.5,
        'projector*': 2,
        whiteboard: 1.5,
        website: 1.5,
        site: 1,
        video: 1,
        youtube: 1.5,
        images: 1,
        content: 1,
        searched: 1.5,
        'accidental*': 1,
        adult: 2,
      },
    },
    fields: [
      {
        key: 'site',
        label: 'Site or address',
        question: 'Which site, address or app was it? (as much of it as you know)',
        kind: 'text',
        required: true,
        maxLength: 500,
      },
      when,
      device,
      {
        key: 'whatWasShown',
        label: 'What was shown',
        question: 'What was shown? Describe it briefly — no need to repeat anything graphic.',
        kind: 'longText',
        required: true,
      },
      {
        key: 'pupilsPresent',
        label: 'Pupils present',
        question: 'Were pupils present or did they see it?',
        kind: 'yesNo',
        required: true,
        allowUnsure: true,
      },
      {
        key: 'actionsTaken',
        label: 'What was done',
        question: 'What was done at the time? (e.g. "closed the screen", "told the class it was a mistake")',
        kind: 'longText',
        required: false,
        maxLength: 2_000,
      },
    ],
  },
  {
    id: 'password_compromised',
    label: 'Password may be known',
    description: 'Someone else may know or have used your password, or your account has been taken over.',
    handlingRole: 'network_manager',
    escalateTo: ['it_manager'],
    viewers: [...itTeam, ...oversight],
    restricted: false,
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
        key: 'whatHappened',
        label: 'What happened',
        question:
          'How might it have become known? (e.g. "typed it in front of a class", "a sign-in alert I did not make")',
        kind: 'longText',
        required: true,
        maxLength: 2_000,
      },
    ],
  },
  {
    id: 'data_breach',
    label: 'Data breach',
    description:
      'Personal data lost, sent to the wrong person, seen or changed by someone who should not have.',
    handlingRole: 'dpo',
    escalateTo: ['headteacher'],
    viewers: ['dpo', 'it_manager', ...oversight],
    restricted: false,
    breachClock: { awareField: 'awareAt' },
    match: {
      phrases: [
        'data breach',
        'wrong person',
        'wrong parent',
        'wrong address',
        'wrong email',
        'wrong school',
        'instead of bcc',
        'by mistake',
        'personal data',
        'personal information',
        'shared with',
        'sent to the wrong',
        'emailed to the wrong',
        'got hold of',
      ],
      keywords: {
        breach: 3,
        gdpr: 4,
        data: 1.5,
        spreadsheet: 2,
        records: 1.5,
        confidential: 2.5,
        'leak*': 3,
        'cc*': 2,
        bcc: 3,
        wrong: 2,
        medical: 1.5,
        sen: 1.5,
        'printout*': 2,
        list: 1,
        'disclos*': 1,
        information: 1,
        organisation: 1,
      },
    },
    fields: [
      {
        key: 'whatHappened',
        label: 'What happened',
        question: 'What happened? (e.g. "an email with a class list went to the wrong parent")',
        kind: 'longText',
        required: true,
      },
      {
        key: 'dataInvolved',
        label: 'What data',
        question: 'What personal data was involved? (e.g. names and addresses, medical notes, SEN records)',
        kind: 'longText',
        required: true,
        maxLength: 2_000,
      },
      {
        key: 'peopleAffected',
        label: 'How many people',
        question: 'About how many people is the data about? (a number, or "not known")',
        kind: 'count',
        required: true,
      },
      {
        key: 'recordsAffected',
        label: 'How many records',
        question: 'About how many records are involved? (a number, or "not known")',
        kind: 'count',
        required: true,
      },
      {
        key: 'awareAt',
        label: 'School became aware',
        question: 'When did you (or the school) first become aware of it?',
        hint: 'e.g. "now", "today 10:15", "yesterday 14:30" — the 72 hours for telling the ICO run from here',
        kind: 'when',
        required: true,
      },
      {
        key: 'likelyConsequences',
        label: 'Likely consequences',
        question:
          'What might happen to the people involved because of it? (e.g. "none likely", "distress", "risk of fraud")',
        kind: 'longText',
        required: true,
        maxLength: 2_000,
      },
      {
        key: 'measuresTaken',
        label: 'Measures taken',
        question: 'What has been done to contain it? (e.g. "asked the recipient to delete the email")',
        kind: 'longText',
        required: true,
        maxLength: 2_000,
      },
    ],
  },
  {
    id: 'child_safety',
    label: "Concern about a child's safety",
    description: 'A worry that a child is at risk of harm. Only the safeguarding leads see it.',
    handlingRole: 'dsl',
    escalateTo: ['deputy_dsl'],
    viewers: ['dsl', 'deputy_dsl'],
    restricted: true,
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
  },
  {
    id: 'cyberbullying',
    label: 'Cyberbullying',
    description: 'Bullying, harassment or humiliation online, of a pupil or a member of staff.',
    handlingRole: 'online_safety_officer',
    escalateTo: ['dsl', 'headteacher'],
    viewers: ['online_safety_officer', 'dsl', 'deputy_dsl', ...oversight],
    restricted: false,
    match: {
      phrases: [
        'cyber bullying',
        'being bullied',
        'nasty messages',
        'horrible comments',
        'fake account',
        'group chat',
        'mean comments',
        'online chat',
      ],
      keywords: {
        'cyberbull*': 6,
        'bull*': 4,
        'harass*': 3.5,
        'troll*': 4,
        'mock*': 2.5,
        humiliating: 3,
        'humiliat*': 3,
        snapchat: 2.5,
        instagram: 2.5,
        tiktok: 2.5,
        whatsapp: 2.5,
        facebook: 2,
        social: 1,
        'threat*': 2,
        'insult*': 2.5,
        excluded: 1.5,
        posted: 1,
        posting: 1,
        online: 1,
        messages: 1,
      },
    },
    fields: [
      {
        key: 'who',
        label: 'Who is involved',
        question: 'Who is involved — who is being targeted, and who is doing it, if known?',
        kind: 'longText',
        required: true,
        maxLength: 2_000,
      },
      {
        key: 'where',
        label: 'Where',
        question: 'Where is it happening? (e.g. "a Year 8 WhatsApp group", "Instagram comments")',
        kind: 'text',
        required: true,
        maxLength: 300,
      },
      { ...whatHappened, key: 'whatHappened' },
      {
        key: 'evidence',
        label: 'Evidence',
        question:
          'Is there evidence, and where is it kept? (e.g. "screenshots saved by the pupil\'s parent")',
        kind: 'longText',
        required: false,
        maxLength: 2_000,
      },
    ],
  },
  {
    id: 'lost_device',
    label: 'Lost or stolen device',
    description: 'A laptop, tablet, phone, memory stick or other school device is lost or stolen.',
    handlingRole: 'ict_helpdesk',
    escalateTo: ['network_manager', 'it_manager'],
    viewers: [...itTeam, 'dpo', ...oversight],
    restricted: false,
    alsoNotify: { role: 'dpo', when: { field: 'personalData', equals: 'yes' } },
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
  },
  {
    id: 'suspicious_email',
    label: 'Suspicious email or attachment',
    description: 'A phishing or scam email, or an attachment or link that may be harmful.',
    handlingRole: 'ict_helpdesk',
    escalateTo: ['network_manager', 'it_manager'],
    viewers: [...itTeam, ...oversight],
    restricted: false,
    match: {
      phrases: [
        'weird email',
        'strange email',
        'dodgy email',
        'fake email',
        'scam email',
        'fishing email',
        'clicked a link',
        'clicked on a link',
        'opened an attachment',
        'gift cards',
        'mailbox is full',
        'verify my account',
        'entered my details',
      ],
      keywords: {
        'phish*': 5,
        scam: 3.5,
        spam: 2,
        'email*': 1.5,
        'e-mail*': 1.5,
        inbox: 1.5,
        'attachment*': 3,
        link: 2,
        clicked: 2,
        suspicious: 2,
        dodgy: 1.5,
        weird: 1,
        strange: 1,
        fake: 1.5,
        'pretend*': 1.5,
        sender: 2,
        'spoof*': 3,
      },
    },
    fields: [
      {
        key: 'sender',
        label: 'Sender',
        question: 'Who did it come from? (the sender’s name and address as shown)',
        kind: 'text',
        required: true,
        maxLength: 300,
      },
      {
        key: 'subject',
        label: 'Subject',
        question: 'What was the subject line?',
        kind: 'text',
        required: false,
        maxLength: 300,
      },
      {
        key: 'opened',
        label: 'Attachment opened',
        question: 'Did you open an attachment?',
        kind: 'yesNo',
        required: true,
        allowUnsure: true,
      },
      {
        key: 'clicked',
        label: 'Link clicked',
        question: 'Did you click a link in it?',
        kind: 'yesNo',
        required: true,
        allowUnsure: true,
      },
      {
        key: 'detailsEntered',
        label: 'Details entered',
        question: 'Did you type a password or any other details into a page it led to?',
        kind: 'yesNo',
        required: true,
        allowUnsure: true,
      },
    ],
  },
  {
    id: 'other',
    label: 'Something else',
    description: 'Anything else that went wrong with ICT or online safety.',
    handlingRole: 'ict_helpdesk',
    escalateTo: ['it_manager'],
    viewers: [...itTeam, ...oversight],
    restricted: false,
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
  },
];

const byId = new Map(incidentTypes.map((type) => [type.id, type]));

/** The type with this id, or undefined. */
export const findIncidentType = (id: string): IncidentType | undefined => byId.get(id);

/** True when the condition holds for the answers given so far. */
export function conditionHolds(
  condition: FieldCondition | undefined,
  answers: Readonly<Record<string, unknown>>,
): boolean {
  return condition === undefined || answers[condition.field] === condition.equals;
}
