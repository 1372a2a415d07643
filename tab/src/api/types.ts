/** The shapes of Conduct's API answers the tab reads (docs/openapi.yaml describes them all). */
export type Audience = 'staff' | 'governor' | 'visitor';
export type Role =
  | 'trust_admin'
  | 'trust_leader'
  | 'headteacher'
  | 'it_manager'
  | 'network_manager'
  | 'ict_helpdesk'
  | 'online_safety_officer'
  | 'dsl'
  | 'deputy_dsl'
  | 'dpo';

export interface Me {
  personId: string;
  displayName: string;
  roles: { role: Role; scope: string; schoolName: string | null }[];
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export interface Counts {
  eligible: number;
  signed: number;
  outstanding: number;
  overdue: number;
}

export interface SchoolRef {
  id: string;
  name: string;
  code: string;
}

export interface PolicyCompliance {
  policyId: string;
  policyVersionId: string;
  campaignId: string | null;
  title: string;
  label: string;
  audiences: Audience[];
  publishedAt: string | null;
  nextReviewDate: string;
  pastReview: boolean;
  totals: Counts;
  bySchool: (Counts & { schoolId: string; name: string })[];
  byAudience: (Counts & { audience: Audience })[];
  byDepartment: (Counts & { department: string | null })[];
  trend: { carriedOver: number; days: { date: string; signed: number; cumulative: number }[] };
}

export interface ComplianceOverview {
  generatedAt: string;
  schools: SchoolRef[];
  policies: PolicyCompliance[];
  pastReview: { policyId: string; title: string; label: string; nextReviewDate: string }[];
  departments: string[];
}

export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'blocked' | 'withdrawn';

export interface OutstandingPerson {
  personId: string;
  displayName: string;
  email: string | null;
  jobTitle: string | null;
  department: string | null;
  schools: { id: string; name: string }[];
  audiences: Audience[];
  dueAt: string;
  overdue: boolean;
  delivery: {
    status: DeliveryStatus;
    sentAt: string | null;
    remindersSent: number;
    lastError: string | null;
  } | null;
}

export interface OutstandingPage extends Page<OutstandingPerson> {
  policy: { policyId: string; policyVersionId: string; title: string; label: string };
  departments: string[];
}

export interface PolicySummary {
  id: string;
  title: string;
  audiences: Audience[];
  scope: 'trust' | 'schools';
  schoolIds: string[];
  owner: { id: string; displayName: string | null };
  currentVersionId: string | null;
  status: 'draft' | 'published';
  currentVersion: { id: string; label: string; publishedAt: string | null } | null;
  nextReviewDate: string | null;
  overdueForReview: boolean;
  draftVersions: number;
}

export interface VersionSummary {
  id: string;
  policyId: string;
  label: string;
  status: 'draft' | 'published';
  isCurrent: boolean;
  effectiveDate: string;
  reviewDate: string;
  nextReviewDate: string;
  dueDays: number;
  material: boolean;
  contentHash: string | null;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface PolicyDetail extends PolicySummary {
  versions: VersionSummary[];
}

export interface PolicyNotice {
  heading: string;
  text: string;
}

export interface Version extends VersionSummary {
  bodyMarkdown: string;
  keyPoints: string[];
  notices: PolicyNotice[];
}

export interface ImportedBody {
  markdown: string;
  headings: number;
  paragraphs: number;
  bullets: number;
  warnings: string[];
  /** The version's label and dates, where the document states them. */
  fields: Partial<Record<'label' | 'effectiveDate' | 'reviewDate' | 'nextReviewDate', string>>;
}

export interface Campaign {
  id: string;
  policyId: string;
  policyVersionId: string;
  status: 'running' | 'completed' | 'cancelled';
  counts: Record<'pending' | 'sending' | 'sent' | 'failed' | 'blocked', number>;
  signed: number;
  startedAt: string;
}

export interface CampaignDelivery {
  personId: string;
  displayName: string;
  status: DeliveryStatus;
  lastError: string | null;
  attempts: number;
  sentAt: string | null;
  signedAt: string | null;
}

export interface MyPolicies {
  outstanding: {
    policyId: string;
    policyVersionId: string;
    title: string;
    label: string;
    dueAt: string | null;
    keyPoints: string[];
  }[];
  signed: {
    policyId: string;
    policyVersionId: string;
    title: string;
    label: string;
    signedAt: string;
    signedName: string;
    jobTitle: string | null;
    /** How it was signed: on the card in Teams, or in the tab. */
    via: 'card' | 'tab';
    /** The version the signature was given to: this one's label, or "an earlier version". */
    signedLabel: string;
    signedVersionId: string;
  }[];
}

export interface RoleAssignment {
  id: string;
  personId: string;
  displayName: string;
  role: Role;
  scope: string;
  schoolName: string | null;
  source: 'conduct' | 'entra';
}

export interface Person {
  id: string;
  displayName: string;
  email: string | null;
  jobTitle: string | null;
  department: string | null;
  active: boolean;
  memberships: { schoolId: string; audience: Audience }[];
}

export interface SchoolView {
  id: string;
  name: string;
  code: string;
}

export type { IncidentStatus } from '../../../src/incidents/status';
import type { IncidentStatus } from '../../../src/incidents/status';

export interface IncidentSummary {
  id: string;
  reference: string;
  type: string;
  typeLabel: string;
  status: IncidentStatus;
  restricted: boolean;
  schoolId: string | null;
  schoolName: string | null;
  reporterName: string;
  ownerName: string | null;
  reportedAt: string;
  escalatedAt: string | null;
  /** Why it is urgent now (a child in immediate danger, a breach's last 24 hours), or null; the queue lists these first. */
  urgency: 'immediate_danger' | 'breach_deadline' | null;
  /** Data breaches: the ICO's deadline (72 hours from awareness) and whether the decision is recorded. */
  breach: { deadlineAt: string; decided: boolean } | null;
}

export interface IncidentDetail extends IncidentSummary {
  reporter: { id: string; name: string; jobTitle: string | null };
  owner: { id: string; name: string } | null;
  awareAt: string | null;
  closedAt: string | null;
  fields: { key: string; label: string; value: string }[];
  /** Child-safety concerns, to the safeguarding roles only. */
  sealed: { key: string; label: string; value: string }[] | null;
  breachDetail: {
    deadlineAt: string;
    decision: { report: boolean; reason: string; decidedAt: string; decidedBy: string } | null;
  } | null;
  outcome: string | null;
  /** `label` is the entry in words, from the server. */
  timeline: { at: string; by: string | null; what: string; label: string; note: string | null }[];
  /** changeStatus: the only moves the server will accept from the current status. */
  allowed: { claim: boolean; changeStatus: IncidentStatus[]; comment: boolean; breachDecision: boolean };
}

/** A report in "my reports", with the messages its handlers sent the reporter. */
export interface MyReport extends IncidentSummary {
  messages: { at: string; from: string | null; text: string }[];
}
