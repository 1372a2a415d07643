import type { Models } from '../store/models';

/**
 * What kind of personal data a field holds, as a subject-access answer or a data map groups it:
 * - identity: who someone is (name, directory ids);
 * - contact: how to reach them (email, their Teams chat);
 * - work: their job as the directory or their signature gives it;
 * - activity: what they did or was done for them, and when (signing, reporting, cards sent);
 * - link: the id of a person, tying the record to them;
 * - content: words someone wrote (answers, notes, comments, decisions);
 * - sealed: safeguarding content, encrypted at rest; only the DSL may open it.
 */
export type PersonalDataKind = 'identity' | 'contact' | 'work' | 'activity' | 'link' | 'content' | 'sealed';

/** The record kinds a retention schedule speaks of (see docs/retention.md). */
export type RecordKind =
  | 'staff-directory'
  | 'policy'
  | 'policy-signature'
  | 'card-delivery'
  | 'incident'
  | 'safeguarding-concern'
  | 'incident-draft'
  | 'permission-request'
  | 'permission-draft'
  | 'audit'
  | 'operational';

export interface PersonalField {
  /** The schema path, dotted, as mongoose names it (e.g. "timeline.by"). */
  readonly path: string;
  readonly kind: PersonalDataKind;
  /** What it is, in plain words, for the data map and the subject-access export. */
  readonly what: string;
}

export interface CollectionEntry {
  readonly collection: string;
  /** Why Conduct keeps these records at all. */
  readonly purpose: string;
  readonly recordKind: RecordKind;
  /**
   * The paths that hold the id of the person a record is about or by (a Person _id; "entraObjectId"
   * for the directory's own key). Empty when the records are about nobody.
   */
  readonly subjectPaths: readonly string[];
  readonly personal: readonly PersonalField[];
  /** Paths that look personal but are not, each with the reason (the registry test asks for one). */
  readonly notPersonal: Readonly<Record<string, string>>;
}

/**
 * Every collection Conduct keeps and the personal data in each: the data map a DPO needs for the
 * record of processing, and what the subject-access export and the retention job walk. Keyed by
 * model, so a new model does not compile without an entry; test/privacy/registry.test.ts also fails
 * when a schema path that looks personal is in neither list.
 */
export const personalDataRegistry: Readonly<Record<keyof Models, CollectionEntry>> = {
  School: {
    collection: 'schools',
    purpose: 'the schools of the trust and the Entra groups that say who belongs to each',
    recordKind: 'operational',
    subjectPaths: [],
    personal: [],
    notPersonal: { name: "a school's name" },
  },
  Person: {
    collection: 'people',
    purpose: 'the directory of staff, governors and visitors, synchronised from Entra',
    recordKind: 'staff-directory',
    subjectPaths: ['_id'],
    personal: [
      { path: 'entraObjectId', kind: 'identity', what: 'their Microsoft Entra object id' },
      { path: 'displayName', kind: 'identity', what: 'their name as the directory shows it' },
      { path: 'email', kind: 'contact', what: 'their email address' },
      { path: 'jobTitle', kind: 'work', what: 'their job title' },
      { path: 'department', kind: 'work', what: 'their department' },
      { path: 'guest', kind: 'work', what: 'whether they are a guest (usually a visitor)' },
      { path: 'managerEntraObjectId', kind: 'work', what: "their line manager's Entra object id" },
      { path: 'memberships', kind: 'work', what: 'the schools they belong to, and as what' },
      { path: 'membershipKeys', kind: 'work', what: 'the same memberships, as keys' },
      { path: 'active', kind: 'activity', what: 'whether they are still in the directory' },
      { path: 'deactivatedAt', kind: 'activity', what: 'when they left the directory' },
      { path: 'anonymisedAt', kind: 'activity', what: 'when the retention schedule anonymised them' },
      { path: 'conversation', kind: 'contact', what: 'the reference of their Teams chat with Conduct' },
      { path: 'reachFailure', kind: 'activity', what: 'why Conduct last could not reach them in Teams' },
      { path: 'lastSyncedAt', kind: 'activity', what: 'when the directory last updated them' },
    ],
    notPersonal: {},
  },
  RoleAssignment: {
    collection: 'role_assignments',
    purpose: 'who holds which role (DSL, DPO, IT manager…) for which school',
    recordKind: 'staff-directory',
    subjectPaths: ['personId'],
    personal: [
      { path: 'personId', kind: 'link', what: 'the person holding the role' },
      { path: 'role', kind: 'work', what: 'the role' },
      { path: 'scopeKey', kind: 'work', what: 'the school it is held for, or the whole trust' },
      { path: 'grantedBy', kind: 'link', what: 'who granted it' },
      { path: 'source', kind: 'work', what: 'whether it came from Conduct or from an Entra app role' },
    ],
    notPersonal: {},
  },
  Policy: {
    collection: 'policies',
    purpose: 'the policies staff are asked to read and sign',
    recordKind: 'policy',
    subjectPaths: ['ownerId', 'review.setBy'],
    personal: [
      { path: 'ownerId', kind: 'link', what: 'who owns the policy' },
      { path: 'review.setBy', kind: 'link', what: 'who last set its next review date' },
    ],
    notPersonal: { title: "a policy's title" },
  },
  PolicyReviewNotice: {
    collection: 'policy_review_notices',
    purpose: "the cards asking a policy's owner to review it, so each is sent once",
    recordKind: 'policy',
    subjectPaths: ['ownerId'],
    personal: [
      { path: 'ownerId', kind: 'link', what: 'the policy owner the review card went to' },
      { path: 'sentAt', kind: 'activity', what: 'when the review card was sent to them' },
    ],
    notPersonal: { outcome: 'what was done about the review (republished, new draft, new date)' },
  },
  PolicyQuestion: {
    collection: 'policy_questions',
    purpose: "questions and concerns staff raise about a policy, the owner's answers, and the policy's FAQ",
    recordKind: 'policy',
    subjectPaths: ['askerId', 'answer.by', 'faq.publishedBy', 'sentTo'],
    personal: [
      { path: 'askerId', kind: 'link', what: 'who asked' },
      { path: 'text', kind: 'content', what: 'the question or concern, in their words' },
      { path: 'askedAt', kind: 'activity', what: 'when they asked' },
      { path: 'sentTo', kind: 'link', what: 'who the question was sent to in Teams' },
      { path: 'answer.by', kind: 'link', what: 'who answered' },
      { path: 'answer.text', kind: 'content', what: 'the answer, in their words' },
      { path: 'answer.at', kind: 'activity', what: 'when it was answered' },
      { path: 'faq.publishedBy', kind: 'link', what: 'who published it in the FAQ' },
      { path: 'faq.publishedAt', kind: 'activity', what: 'when it was published in the FAQ' },
    ],
    notPersonal: {
      'faq.question': 'the question as published for every signer, reworded without personal details',
      'faq.answer': 'the answer as published for every signer',
      answer: 'the answer as a whole: its fields are listed one by one above',
      'answer.askerTold': 'whether the answer reached the asker in Teams',
    },
  },
  PolicyVersion: {
    collection: 'policy_versions',
    purpose: 'each version of a policy as published',
    recordKind: 'policy',
    subjectPaths: ['publishedBy', 'createdBy'],
    personal: [
      { path: 'publishedBy', kind: 'link', what: 'who published the version' },
      { path: 'createdBy', kind: 'link', what: 'who drafted the version' },
    ],
    notPersonal: {
      bodyMarkdown: "the policy's text, written for everyone",
      acceptsSignaturesOf: 'an earlier version whose signatures still count',
      'notices.text': 'a notice of the policy (e.g. that email is monitored), written for every signer',
      'readWith.title': 'the title of another policy to read with this one',
    },
  },
  Campaign: {
    collection: 'campaigns',
    purpose: 'sending a policy version to the people who must sign it, with reminders',
    recordKind: 'card-delivery',
    subjectPaths: ['startedBy'],
    personal: [{ path: 'startedBy', kind: 'link', what: 'who started the campaign' }],
    notPersonal: {},
  },
  Delivery: {
    collection: 'deliveries',
    purpose: 'each card sent to one person, its reminders and whether they signed',
    recordKind: 'card-delivery',
    subjectPaths: ['personId'],
    personal: [
      { path: 'personId', kind: 'link', what: 'who the card went to' },
      { path: 'status', kind: 'activity', what: 'whether it was sent, failed or was signed' },
      { path: 'sentAt', kind: 'activity', what: 'when it was sent' },
      { path: 'dueAt', kind: 'activity', what: 'when it was due to be signed' },
      { path: 'remindersSent', kind: 'activity', what: 'how many reminders were sent' },
      { path: 'signedAt', kind: 'activity', what: 'when they signed' },
      { path: 'lastError', kind: 'activity', what: 'why the card could not be delivered' },
    ],
    notPersonal: {},
  },
  SendBatch: {
    collection: 'send_batches',
    purpose: 'cards waiting to be sent, in the batches sending workers claim',
    recordKind: 'operational',
    subjectPaths: [],
    personal: [],
    notPersonal: {
      deliveryIds: 'ids of deliveries (the link to a person is on the delivery)',
      claimedBy: 'the sending worker that claimed the batch (host and process id)',
    },
  },
  Acknowledgement: {
    collection: 'acknowledgements',
    purpose: "a person's signature of a policy version: the evidence a school must keep",
    recordKind: 'policy-signature',
    subjectPaths: ['personId'],
    personal: [
      { path: 'personId', kind: 'link', what: 'who signed' },
      { path: 'signedName', kind: 'identity', what: 'the name they signed with' },
      { path: 'jobTitle', kind: 'work', what: 'their job title when they signed' },
      { path: 'signedAt', kind: 'activity', what: 'when they signed' },
      { path: 'via', kind: 'activity', what: 'where they signed (Teams card or tab)' },
      { path: 'contentHash', kind: 'activity', what: 'a fingerprint of the text they signed' },
      { path: 'noticesShown', kind: 'activity', what: 'the notices shown to them above the signature' },
      { path: 'readWith', kind: 'activity', what: 'the policies to read with it that they said they read' },
    ],
    notPersonal: {},
  },
  ComplianceSummary: {
    collection: 'compliance_summaries',
    purpose: 'counts of who has signed each policy version, by school, audience and department',
    recordKind: 'operational',
    subjectPaths: [],
    personal: [],
    notPersonal: {
      cells:
        'counts of people (never a person) for each set of schools, audiences and department: how many are eligible and have signed, signatures by day, the unsigned by the day they are due',
    },
  },
  OutstandingRoster: {
    collection: 'compliance_rosters',
    purpose:
      'who had not signed each policy version, in name order, so the outstanding list reads a page without reading the whole trust; rebuilt from the standings',
    recordKind: 'policy-signature',
    subjectPaths: [],
    personal: [
      {
        path: 'entries',
        kind: 'identity',
        what: 'the name, id, department, schools and audiences of each person who had not signed',
      },
      {
        path: 'lasts',
        kind: 'identity',
        what: 'the name and id of the last person in each part of the list',
      },
    ],
    notPersonal: {},
  },
  ComplianceStanding: {
    collection: 'compliance_standings',
    purpose: 'where each person stands with each policy version, as the compliance counts last counted them',
    recordKind: 'policy-signature',
    subjectPaths: ['personId'],
    personal: [
      { path: 'personId', kind: 'link', what: 'who it is about' },
      { path: 'name', kind: 'identity', what: 'their name, to list who is outstanding in order' },
      { path: 'department', kind: 'work', what: 'their department' },
      { path: 'keys', kind: 'work', what: 'the schools and audiences the policy applies to them through' },
      { path: 'dueDay', kind: 'activity', what: 'the day their signature is due' },
      { path: 'signed', kind: 'activity', what: 'whether they have signed' },
      { path: 'signedDay', kind: 'activity', what: 'the day they signed' },
    ],
    notPersonal: {},
  },
  Incident: {
    collection: 'incidents',
    purpose: 'incidents reported by staff, and how they were handled',
    recordKind: 'incident',
    subjectPaths: ['reporterId', 'ownerId', 'timeline.by', 'breach.decision.decidedBy'],
    personal: [
      { path: 'reporterId', kind: 'link', what: 'who reported it' },
      { path: 'ownerId', kind: 'link', what: 'who took ownership of it' },
      { path: 'reportedAt', kind: 'activity', what: 'when it was reported' },
      { path: 'fields', kind: 'content', what: 'the answers given when reporting it' },
      { path: 'timeline', kind: 'activity', what: 'what happened to it, when and by whom' },
      { path: 'timeline.by', kind: 'link', what: 'who did each step' },
      { path: 'timeline.note', kind: 'content', what: 'notes and comments written on it' },
      { path: 'timeline.sealedNote', kind: 'sealed', what: 'notes on a safeguarding concern' },
      { path: 'breach.decision', kind: 'content', what: "the DPO's decision on reporting a breach, and why" },
      { path: 'outcome', kind: 'content', what: 'how it ended' },
      { path: 'sealedNarrative', kind: 'sealed', what: 'the account of a concern about a child' },
      { path: 'sealedOutcome', kind: 'sealed', what: 'how a concern about a child ended' },
    ],
    notPersonal: { urgentReason: 'a code for why the report is urgent (a danger or a deadline), no words' },
  },
  Intake: {
    collection: 'intakes',
    purpose: 'a report being made in the bot, kept until it is sent or abandoned',
    recordKind: 'incident-draft',
    subjectPaths: ['personId'],
    personal: [
      { path: 'personId', kind: 'link', what: 'who is making the report' },
      { path: 'answers', kind: 'content', what: 'their answers so far (a child concern sealed)' },
      { path: 'startedAt', kind: 'activity', what: 'when they started' },
      { path: 'lastActivityAt', kind: 'activity', what: 'when they last answered' },
    ],
    notPersonal: {},
  },
  AuditEvent: {
    collection: 'audit_events',
    purpose: 'the tamper-evident record of who did what, for accountability',
    recordKind: 'audit',
    subjectPaths: ['actorId', 'subject.id'],
    personal: [
      { path: 'actorId', kind: 'link', what: 'who did it' },
      { path: 'subject.id', kind: 'link', what: 'what (or whom) it was done to' },
      { path: 'action', kind: 'activity', what: 'what was done' },
      { path: 'at', kind: 'activity', what: 'when' },
    ],
    notPersonal: { details: 'ids, codes and counts only, never names or narrative' },
  },
  AuditHead: {
    collection: 'audit_heads',
    purpose: "the length and last MAC of each tenant's audit trail",
    recordKind: 'audit',
    subjectPaths: [],
    personal: [],
    notPersonal: {},
  },
  AuditCheckpoint: {
    collection: 'audit_checkpoints',
    purpose: 'checkpoints of the audit trail, kept apart from it',
    recordKind: 'audit',
    subjectPaths: [],
    personal: [],
    notPersonal: {},
  },
  Counter: {
    collection: 'counters',
    purpose: 'reference numbers (INC-2026-0042)',
    recordKind: 'operational',
    subjectPaths: [],
    personal: [],
    notPersonal: {},
  },
  ProcessedActivity: {
    collection: 'processed_activities',
    purpose: 'Teams activities already handled, so a retried one is not handled twice',
    recordKind: 'operational',
    subjectPaths: [],
    personal: [],
    notPersonal: { _id: "a Teams activity id (the activity's content is never kept)" },
  },
  RateBudget: {
    collection: 'rate_budgets',
    purpose: 'the shared pace of sending to Teams and Graph',
    recordKind: 'operational',
    subjectPaths: [],
    personal: [],
    notPersonal: {},
  },
  RetentionSettings: {
    collection: 'retention_settings',
    purpose: "the trust's retention periods and what its last retention run disposed of (counts)",
    recordKind: 'operational',
    subjectPaths: [],
    personal: [],
    notPersonal: {},
  },
  LegalHold: {
    collection: 'legal_holds',
    purpose: 'legal holds the DPO placed on a person or an incident, keeping them from disposal',
    recordKind: 'operational',
    subjectPaths: ['subject.id', 'placedBy', 'liftedBy'],
    personal: [
      { path: 'subject.id', kind: 'link', what: 'the person (or incident) held' },
      { path: 'reason', kind: 'content', what: 'why the records must be kept' },
      { path: 'placedBy', kind: 'link', what: 'who placed the hold' },
      { path: 'placedAt', kind: 'activity', what: 'when it was placed' },
      { path: 'liftedBy', kind: 'link', what: 'who lifted it' },
      { path: 'liftedAt', kind: 'activity', what: 'when it was lifted' },
    ],
    notPersonal: {},
  },
  PermissionRequest: {
    collection: 'permission_requests',
    purpose:
      'requests for permission the policies require (software, own devices, data off site…) and the decisions',
    recordKind: 'permission-request',
    subjectPaths: ['requesterId', 'decision.by'],
    personal: [
      { path: 'requesterId', kind: 'link', what: 'who asked' },
      { path: 'answers', kind: 'content', what: 'what they asked for and why, in their words' },
      { path: 'requestedAt', kind: 'activity', what: 'when they asked' },
      { path: 'decision.by', kind: 'link', what: 'who decided' },
      { path: 'decision.outcome', kind: 'activity', what: 'what was decided' },
      { path: 'decision.at', kind: 'activity', what: 'when it was decided' },
      { path: 'decision.reason', kind: 'content', what: 'why it was decided so' },
      { path: 'decision.conditions', kind: 'content', what: 'the conditions of an approval' },
      { path: 'remindedAt', kind: 'activity', what: 'when the holder was reminded it would lapse' },
      { path: 'expiredAt', kind: 'activity', what: 'when it lapsed' },
    ],
    notPersonal: {},
  },
  PermissionDraft: {
    collection: 'permission_drafts',
    purpose: 'a request for permission being asked in the bot, kept until it is sent or cancelled',
    recordKind: 'permission-draft',
    subjectPaths: ['personId'],
    personal: [
      { path: '_id', kind: 'link', what: 'the trust and the person asking' },
      { path: 'personId', kind: 'link', what: 'who is asking' },
      { path: 'answers', kind: 'content', what: 'their answers so far' },
      { path: 'startedAt', kind: 'activity', what: 'when they started' },
      { path: 'lastActivityAt', kind: 'activity', what: 'when they last answered' },
    ],
    notPersonal: {},
  },
  PermissionSettings: {
    collection: 'permission_settings',
    purpose: "the trust's permission kinds, their questions and approver roles",
    recordKind: 'operational',
    subjectPaths: ['updatedBy'],
    personal: [
      { path: 'updatedBy', kind: 'link', what: 'the trust admin who last changed them' },
      { path: 'updatedAt', kind: 'activity', what: 'when' },
    ],
    notPersonal: { kinds: 'the kinds of request, their questions and roles: no person is named' },
  },
};

/** Collections Conduct writes without a model of its own, and why they hold no personal data. */
export const unmodelledCollections: Readonly<Record<string, { purpose: string; recordKind: RecordKind }>> = {
  jobs: {
    purpose: "the job queue (src/jobs/scheduler.ts): what to do next and when; a job's data carries ids only",
    recordKind: 'operational',
  },
};

/** The collections that hold personal data, with their entries. */
export function personalCollections(): [keyof Models, CollectionEntry][] {
  return (Object.entries(personalDataRegistry) as [keyof Models, CollectionEntry][]).filter(
    ([, entry]) => entry.personal.length > 0,
  );
}
