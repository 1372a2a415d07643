import { z } from 'zod';
import { roles } from '../directory';

/**
 * The kinds of permission staff ask for, their questions and who decides: data, not code. The
 * defaults below follow the school's policies; a trust admin may change any kind (its label, its
 * questions, its approver roles, the policy that must be signed first) for the whole trust.
 */

/** How an answer is read: free text, or a calendar day ("monday", "21/12/2026", "tomorrow"). */
export const answerKinds = ['text', 'day'] as const;

/** The keys of the two questions that give a permission its period; `until` is when it lapses. */
export const periodKeys = { from: 'from', until: 'until' } as const;

const key = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be lower-case letters, digits and underscores');

export const permissionQuestion = z.strictObject({
  key,
  /** As shown in the register and on the approver's card. */
  label: z
    .string()
    .trim()
    .min(1, 'give the question a short label')
    .max(60, 'keep the label to 60 characters'),
  /** As the bot asks it. */
  prompt: z
    .string()
    .trim()
    .min(1, 'write the question as it is asked')
    .max(300, 'keep the question to 300 characters'),
  answer: z.enum(answerKinds),
  required: z.boolean(),
});

export const permissionKind = z
  .strictObject({
    id: key,
    label: z.string().trim().min(1, 'give the kind a name').max(80, 'keep the name to 80 characters'),
    /** One line saying what the kind covers, shown when the bot starts asking. */
    description: z
      .string()
      .trim()
      .min(1, 'say in a line what it covers')
      .max(300, 'keep it to 300 characters'),
    questions: z
      .array(permissionQuestion)
      .min(1, 'a kind needs at least one question')
      .max(12, 'a kind can have at most 12 questions'),
    /** Anyone holding one of these roles for the requester's school (or the trust) may decide. */
    approverRoles: z
      .array(z.enum(roles))
      .min(1, 'choose at least one role to decide')
      .max(5, 'choose at most 5 roles'),
    /** A policy the person must have signed (its current version) before asking; null for none. */
    requiresSignedPolicyId: z
      .string()
      .regex(/^[0-9a-f]{24}$/i)
      .nullable(),
    /** How many days before an approval lapses its holder is reminded. */
    remindDaysBefore: z
      .number()
      .int('a whole number of days')
      .min(0, 'cannot be negative')
      .max(60, 'at most 60 days'),
  })
  .superRefine((kind, context) => {
    // Each problem names the question it is about, so a form can show it beside that question.
    kind.questions.forEach((question, index) => {
      if (kind.questions.findIndex((q) => q.key === question.key) < index)
        context.addIssue({
          code: 'custom',
          path: ['questions', index, 'key'],
          message: 'each question needs its own key',
        });
      if ((Object.values(periodKeys) as string[]).includes(question.key) && question.answer !== 'day')
        context.addIssue({
          code: 'custom',
          path: ['questions', index, 'answer'],
          message: `the "${question.key}" question must be answered with a day`,
        });
    });
  });

export type PermissionQuestion = z.infer<typeof permissionQuestion>;
export type PermissionKind = z.infer<typeof permissionKind>;

const what = (prompt: string): PermissionQuestion => ({
  key: 'what',
  label: 'What',
  prompt,
  answer: 'text',
  required: true,
});
const why = (prompt: string): PermissionQuestion => ({
  key: 'why',
  label: 'Why',
  prompt,
  answer: 'text',
  required: true,
});
const period: PermissionQuestion[] = [
  {
    key: periodKeys.from,
    label: 'From',
    prompt: 'From which day? (for example "today", "monday" or "04/01/2027")',
    answer: 'day',
    required: true,
  },
  {
    key: periodKeys.until,
    label: 'Until',
    prompt: 'Until which day? The permission ends after that day. Say "skip" if it has no end.',
    answer: 'day',
    required: false,
  },
];
const personalData = (prompt: string): PermissionQuestion => ({
  key: 'personal_data',
  label: 'Personal data',
  prompt,
  answer: 'text',
  required: true,
});

/** The starting set, in our own words, from what the staff AUP and the ICT code of conduct ask. */
export const defaultPermissionKinds: readonly PermissionKind[] = [
  {
    id: 'personal_use',
    label: 'Personal use of school ICT',
    description: 'Using school computers, email or internet for something that is not school work.',
    questions: [
      what('What would you like to use, and for what? (for example "the staff room PC to book a course")'),
      why('Why do you need to use school equipment for it?'),
      ...period,
    ],
    approverRoles: ['headteacher'],
    requiresSignedPolicyId: null,
    remindDaysBefore: 7,
  },
  {
    id: 'personal_device',
    label: 'Using your own device',
    description: 'Using your own phone, tablet or laptop for school work or on the school network.',
    questions: [
      what('Which device, and what will you use it for? (for example "my iPad, for school email")'),
      why('Why do you need to use your own device rather than a school one?'),
      ...period,
      personalData('Will any personal data about pupils or staff be on it? If so, what? (say "none" if not)'),
    ],
    approverRoles: ['headteacher'],
    requiresSignedPolicyId: null,
    remindDaysBefore: 7,
  },
  {
    id: 'install_software',
    label: 'Installing software or hardware',
    description: 'Putting a program, app, extension or piece of hardware on school equipment.',
    questions: [
      what('What do you want to install, and on which device? (for example "Zoom on my classroom laptop")'),
      why('What is it for?'),
      ...period,
    ],
    approverRoles: ['it_manager'],
    requiresSignedPolicyId: null,
    remindDaysBefore: 7,
  },
  {
    id: 'data_off_site',
    label: 'Taking personal data off site',
    description: 'Taking or reaching personal data (paper or digital) outside school.',
    questions: [
      what('What do you need to take or reach from outside school? (for example "the SEN files")'),
      why('Why do you need it off site?'),
      ...period,
      personalData(
        'Whose personal data is it, and how much? (for example "reports for 12 pupils in year 5")',
      ),
    ],
    approverRoles: ['headteacher', 'trust_leader'],
    requiresSignedPolicyId: null,
    remindDaysBefore: 3,
  },
  {
    id: 'pupil_images',
    label: 'Taking or sharing images of pupils',
    description: 'Photographs or video of pupils or staff, and where they will be shared.',
    questions: [
      what('What images or video, and where will they be used or shared?'),
      why('What are they for?'),
      ...period,
      personalData(
        'Whose images are they, and is consent in place for each person? (say who has not consented)',
      ),
    ],
    approverRoles: ['headteacher'],
    requiresSignedPolicyId: null,
    remindDaysBefore: 7,
  },
];
