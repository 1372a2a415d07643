import type { Connection, Model } from 'mongoose';
import { acknowledgementSchema, type Acknowledgement } from '../acknowledgements/model';
import {
  auditCheckpointSchema,
  auditEventSchema,
  auditHeadSchema,
  type AuditCheckpoint,
  type AuditEvent,
  type AuditHead,
} from '../audit/model';
import {
  campaignSchema,
  deliverySchema,
  sendBatchSchema,
  type Campaign,
  type Delivery,
  type SendBatch,
} from '../campaigns/model';
import {
  personSchema,
  roleAssignmentSchema,
  schoolSchema,
  type Person,
  type RoleAssignment,
  type School,
} from '../directory/model';
import { intakeSchema, type Intake } from '../incidents/intake-model';
import { incidentSchema, type Incident } from '../incidents/model';
import {
  permissionDraftSchema,
  permissionRequestSchema,
  permissionSettingsSchema,
  type PermissionDraft,
  type PermissionRequest,
  type PermissionSettings,
} from '../permissions/model';
import { policySchema, policyVersionSchema, type Policy, type PolicyVersion } from '../policies/model';
import { policyQuestionSchema, type PolicyQuestion } from '../policies/questions/model';
import { reviewNoticeSchema, type ReviewNotice } from '../policies/review/model';
import {
  legalHoldSchema,
  retentionSettingsSchema,
  type LegalHold,
  type RetentionSettings,
} from '../retention/model';
import {
  complianceStandingSchema,
  complianceSummarySchema,
  type ComplianceStanding,
  type ComplianceSummary,
} from '../compliance/summary-model';
import { rosterPartSchema, type RosterPart } from '../compliance/roster/model';
import { counterSchema } from './counter';
import { processedActivitySchema, type ProcessedActivity } from './processed-activity';
import { rateBudgetSchema, type RateBudgetDocument } from './rate-budget';

/** Every model of Conduct, bound to one connection. Built once in the composition root. */
export interface Models {
  School: Model<School>;
  Person: Model<Person>;
  RoleAssignment: Model<RoleAssignment>;
  Policy: Model<Policy>;
  PolicyVersion: Model<PolicyVersion>;
  /** Review cards sent to policy owners, one per version, review date and stage. */
  PolicyReviewNotice: Model<ReviewNotice>;
  /** Questions and concerns staff raised about a policy, their answers, and the policy's FAQ. */
  PolicyQuestion: Model<PolicyQuestion>;
  Campaign: Model<Campaign>;
  Delivery: Model<Delivery>;
  /** Cards waiting to be sent, in the batches sending workers claim. */
  SendBatch: Model<SendBatch>;
  Acknowledgement: Model<Acknowledgement>;
  /** Compliance counts kept with $inc, and where each person stands (src/compliance/summaries.ts). */
  ComplianceSummary: Model<ComplianceSummary>;
  ComplianceStanding: Model<ComplianceStanding>;
  /** Who was unsigned for each version, in name order, in chunks read by `_id` (the outstanding list). */
  OutstandingRoster: Model<RosterPart>;
  Incident: Model<Incident>;
  /** Reports being made in the bot, one per person. */
  Intake: Model<Intake>;
  AuditEvent: Model<AuditEvent>;
  AuditHead: Model<AuditHead>;
  /** Checkpoints of each chain, kept apart from it (the daily verification writes them). */
  AuditCheckpoint: Model<AuditCheckpoint>;
  Counter: Model<{ _id: string; value: number }>;
  ProcessedActivity: Model<ProcessedActivity>;
  /** Call budgets shared by every instance (Teams sends, Graph installs). */
  RateBudget: Model<RateBudgetDocument>;
  /** Each trust's retention periods and its last retention run. */
  RetentionSettings: Model<RetentionSettings>;
  /** Legal holds the DPO placed on people and incidents. */
  LegalHold: Model<LegalHold>;
  /** Requests for permission (to install software, take data home…) and their decisions. */
  PermissionRequest: Model<PermissionRequest>;
  /** Requests being asked in the bot, one per person. */
  PermissionDraft: Model<PermissionDraft>;
  /** A trust's own permission kinds, when changed from the defaults. */
  PermissionSettings: Model<PermissionSettings>;
}

export function createModels(connection: Connection): Models {
  return {
    School: connection.model<School>('School', schoolSchema, 'schools'),
    Person: connection.model<Person>('Person', personSchema, 'people'),
    RoleAssignment: connection.model<RoleAssignment>(
      'RoleAssignment',
      roleAssignmentSchema,
      'role_assignments',
    ),
    Policy: connection.model<Policy>('Policy', policySchema, 'policies'),
    PolicyVersion: connection.model<PolicyVersion>('PolicyVersion', policyVersionSchema, 'policy_versions'),
    PolicyReviewNotice: connection.model<ReviewNotice>(
      'PolicyReviewNotice',
      reviewNoticeSchema,
      'policy_review_notices',
    ),
    PolicyQuestion: connection.model<PolicyQuestion>(
      'PolicyQuestion',
      policyQuestionSchema,
      'policy_questions',
    ),
    Campaign: connection.model<Campaign>('Campaign', campaignSchema, 'campaigns'),
    Delivery: connection.model<Delivery>('Delivery', deliverySchema, 'deliveries'),
    SendBatch: connection.model<SendBatch>('SendBatch', sendBatchSchema, 'send_batches'),
    Acknowledgement: connection.model<Acknowledgement>(
      'Acknowledgement',
      acknowledgementSchema,
      'acknowledgements',
    ),
    ComplianceSummary: connection.model<ComplianceSummary>(
      'ComplianceSummary',
      complianceSummarySchema,
      'compliance_summaries',
    ),
    ComplianceStanding: connection.model<ComplianceStanding>(
      'ComplianceStanding',
      complianceStandingSchema,
      'compliance_standings',
    ),
    OutstandingRoster: connection.model<RosterPart>(
      'OutstandingRoster',
      rosterPartSchema,
      'compliance_rosters',
    ),
    Incident: connection.model<Incident>('Incident', incidentSchema, 'incidents'),
    Intake: connection.model<Intake>('Intake', intakeSchema, 'intakes'),
    AuditEvent: connection.model<AuditEvent>('AuditEvent', auditEventSchema, 'audit_events'),
    AuditHead: connection.model<AuditHead>('AuditHead', auditHeadSchema, 'audit_heads'),
    AuditCheckpoint: connection.model<AuditCheckpoint>(
      'AuditCheckpoint',
      auditCheckpointSchema,
      'audit_checkpoints',
    ),
    Counter: connection.model<{ _id: string; value: number }>('Counter', counterSchema, 'counters'),
    ProcessedActivity: connection.model<ProcessedActivity>(
      'ProcessedActivity',
      processedActivitySchema,
      'processed_activities',
    ),
    RateBudget: connection.model<RateBudgetDocument>('RateBudget', rateBudgetSchema, 'rate_budgets'),
    RetentionSettings: connection.model<RetentionSettings>(
      'RetentionSettings',
      retentionSettingsSchema,
      'retention_settings',
    ),
    LegalHold: connection.model<LegalHold>('LegalHold', legalHoldSchema, 'legal_holds'),
    PermissionRequest: connection.model<PermissionRequest>(
      'PermissionRequest',
      permissionRequestSchema,
      'permission_requests',
    ),
    PermissionDraft: connection.model<PermissionDraft>(
      'PermissionDraft',
      permissionDraftSchema,
      'permission_drafts',
    ),
    PermissionSettings: connection.model<PermissionSettings>(
      'PermissionSettings',
      permissionSettingsSchema,
      'permission_settings',
    ),
  };
}

/** Creates every collection and index the models declare (idempotent; run at start-up). */
export async function ensureIndexes(models: Models): Promise<void> {
  for (const model of Object.values(models) as Model<unknown>[]) {
    await model.createCollection().catch((error: unknown) => {
      if (!isNamespaceExists(error)) throw error;
    });
    await model.createIndexes();
  }
}

const isNamespaceExists = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 48;
