import { z } from 'zod';
import { contractsFor, dateTime, pageOf, type Wire } from '../http/contract';
import { idText } from '../shared/input';
import { permissionKind } from './kinds';
import { decisionOutcomes, permissionStatuses } from './model';

/** Who sees the register: those who decide requests, and the trust's admins and leaders. */
export const registerReaders = ['trust_admin', 'trust_leader', 'headteacher', 'it_manager'] as const;
const api = contractsFor('permissions');
const csvNote = 'A CSV file (UTF-8 with a byte-order mark; cells that start like a formula are neutralised).';

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day written YYYY-MM-DD')
  .refine((text) => !Number.isNaN(Date.parse(`${text}T00:00:00Z`)), 'must be a real day');

export const registerQueryInput = z.strictObject({
  status: z.enum(permissionStatuses).optional(),
  kind: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,39}$/)
    .optional(),
  /** One school's requests (within those the reader sees). */
  school: idText.optional(),
  /** One person's requests. */
  person: idText.optional(),
  /** Asked on or after this day, and on or before this day (YYYY-MM-DD, the schools' calendar). */
  from: day.optional(),
  to: day.optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});
export type RegisterQuery = z.infer<typeof registerQueryInput>;

export const permissionView = z
  .strictObject({
    id: z.string(),
    reference: z.string(),
    kind: z.string(),
    kindLabel: z.string(),
    status: z.enum(permissionStatuses),
    statusLabel: z.string(),
    requesterId: z.string(),
    requesterName: z.string(),
    schoolName: z.string().nullable(),
    answers: z.array(z.strictObject({ label: z.string(), value: z.string() })),
    startsAt: dateTime.nullable(),
    endsAt: dateTime.nullable(),
    requestedAt: dateTime,
    approvers: z.string(),
    decision: z
      .strictObject({
        outcome: z.enum(decisionOutcomes),
        outcomeLabel: z.string(),
        reason: z.string(),
        conditions: z.string().nullable(),
        byName: z.string(),
        at: dateTime,
      })
      .nullable(),
  })
  .meta({ id: 'PermissionRequest' });
/** One step of a request's history, from the audit trail. */
const historyEntry = z.strictObject({ at: dateTime, what: z.string(), byName: z.string().nullable() });
const requestDetail = z
  .strictObject({ request: permissionView, history: z.array(historyEntry) })
  .meta({ id: 'PermissionRequestDetail' });
const kindsView = z.strictObject({ kinds: z.array(permissionKind) }).meta({ id: 'PermissionKinds' });

/** A request asked in the tab: the kind, the school when the person has more than one, every answer at once. */
export const askFormInput = z.strictObject({
  kind: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'choose a kind of request'),
  /** Which of the person's schools it is for; needed only when they belong to more than one. */
  schoolId: idText.optional(),
  /** Question key → the answer as typed (days as the chat reads them, e.g. 2026-12-04 or "friday"). */
  answers: z.record(z.string().max(40), z.string().max(2_000)),
});
export type AskFormInput = z.infer<typeof askFormInput>;
const askFormView = z
  .strictObject({
    kinds: z.array(permissionKind),
    /** The schools the person may ask for; more than one means they choose. */
    schools: z.array(z.strictObject({ id: z.string(), name: z.string() })),
  })
  .meta({ id: 'PermissionAskForm' });
const sentView = z
  .strictObject({
    request: permissionView,
    /** How many approvers were sent the card; 0 means nobody holds the role or can be reached. */
    told: z.number().int(),
  })
  .meta({ id: 'PermissionRequestSent' });

export type PermissionRequestView = Wire<typeof permissionView>;
export type PermissionAskFormView = Wire<typeof askFormView>;
export type PermissionRequestSentView = Wire<typeof sentView>;
export type PermissionKindsView = Wire<typeof kindsView>;
export type PermissionRequestDetail = Wire<typeof requestDetail>;

/** The register of permission requests, and the kinds of request a trust admin edits. */
export const permissionContracts = {
  register: api('get /api/permissions', 'listPermissionRequests', registerReaders, {
    summary: 'The register of permission requests, newest first (50 a page)',
    query: registerQueryInput,
    responses: { 200: { description: 'A page of requests.', json: pageOf(permissionView) } },
  }),
  exportCsv: api('get /api/permissions/export.csv', 'exportPermissionRequests', registerReaders, {
    summary: 'The register, filtered the same way, as CSV',
    query: registerQueryInput.omit({ page: true }),
    responses: { 200: { description: csvNote, file: 'text/csv' } },
  }),
  request: api('get /api/permissions/:requestId', 'getPermissionRequest', registerReaders, {
    summary: 'One request of the register: answers, decision, conditions, reason and history',
    params: z.strictObject({ requestId: idText }),
    responses: { 200: { description: 'The request and its history.', json: requestDetail } },
    refusals: ['not_found'],
  }),
  kinds: api('get /api/permissions/kinds', 'getPermissionKinds', 'signed-in', {
    summary: 'The kinds of request, their questions, approver roles and prerequisite policy',
    // Everyone may ask, so everyone may read what there is to ask and who decides it.
    responses: { 200: { description: 'The kinds.', json: kindsView } },
  }),
  askForm: api('get /api/permissions/ask', 'getPermissionAskForm', 'signed-in', {
    summary: 'What I can ask permission for: the kinds with their questions, and my schools',
    responses: { 200: { description: 'The kinds and the schools.', json: askFormView } },
  }),
  ask: api('post /api/permissions/ask', 'askPermission', 'signed-in', {
    summary: 'Asks for a permission from the tab; the approvers of the school are sent the card',
    body: askFormInput,
    responses: { 201: { description: 'Sent, and to how many approvers.', json: sentView } },
    refusals: ['not_found', 'conflict'],
  }),
  saveKind: api('put /api/permissions/kinds/:kindId', 'savePermissionKind', ['trust_admin'], {
    summary: 'Changes (or adds) one kind of request for the whole trust',
    params: z.strictObject({ kindId: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/) }),
    body: permissionKind,
    responses: { 200: { description: 'The kinds, as saved.', json: kindsView } },
    refusals: ['conflict'],
  }),
};
