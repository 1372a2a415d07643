import { z } from 'zod';
import { idText } from '../shared/input';
import { contractsFor, dateTime, pageOf, type Wire } from '../http/contract';
import { incidentHandlerRoles, incidentViewerRoles } from './access';
import { breachDecisionInput, commentInput, statusChangeInput } from './handling';
import { incidentStatuses, urgentReasons } from './model';
import { queueQueryInput } from './queue';

const viewers = { roles: incidentViewerRoles };
const handlers = { roles: incidentHandlerRoles };
const idParams = z.strictObject({ id: idText });
const status = z.enum(incidentStatuses);
const field = z.strictObject({ key: z.string(), label: z.string(), value: z.string() });
const api = contractsFor('incidents');

const summaryFields = {
  id: z.string(),
  reference: z.string(),
  type: z.string(),
  typeLabel: z.string(),
  status,
  restricted: z.boolean(),
  schoolId: z.string().nullable(),
  schoolName: z.string().nullable(),
  reporterName: z.string(),
  ownerName: z.string().nullable(),
  reportedAt: dateTime,
  escalatedAt: dateTime.nullable(),
  /** Why it is urgent now (a child in immediate danger, a breach's last 24 hours), or null; listed first. */
  urgency: z.enum(urgentReasons).nullable(),
  /** Data breaches: the ICO's deadline (72 hours from awareness) and whether the decision is recorded. */
  breach: z.strictObject({ deadlineAt: dateTime, decided: z.boolean() }).nullable(),
};
/** A report in the queue and in "my reports". */
export const incidentSummary = z.strictObject(summaryFields).meta({ id: 'IncidentSummary' });
/** One of my own reports, with the messages sent to me about it. */
export const myReport = z
  .strictObject({
    ...summaryFields,
    messages: z.array(z.strictObject({ at: dateTime, from: z.string().nullable(), text: z.string() })),
  })
  .meta({ id: 'MyReport' });
/** A report in full, with its timeline and what the reader may do. */
export const incidentDetail = z
  .strictObject({
    ...summaryFields,
    reporter: z.strictObject({ id: z.string(), name: z.string(), jobTitle: z.string().nullable() }),
    owner: z.strictObject({ id: z.string(), name: z.string() }).nullable(),
    awareAt: dateTime.nullable(),
    closedAt: dateTime.nullable(),
    relatedReference: z.string().nullable(),
    fields: z.array(field),
    /** Child-safety concerns, to the safeguarding roles only. */
    sealed: z.array(field).nullable(),
    breachDetail: z
      .strictObject({
        deadlineAt: dateTime,
        remindersSent: z.array(z.number()),
        decision: z
          .strictObject({
            report: z.boolean(),
            reason: z.string(),
            decidedAt: dateTime,
            decidedBy: z.string(),
          })
          .nullable(),
      })
      .nullable(),
    outcome: z.string().nullable(),
    timeline: z.array(
      z.strictObject({
        at: dateTime,
        by: z.string().nullable(),
        what: z.string(),
        label: z.string().describe('What happened, in words ("Status: In progress").'),
        note: z.string().nullable(),
      }),
    ),
    allowed: z.strictObject({
      claim: z.boolean(),
      changeStatus: z.array(status),
      comment: z.boolean(),
      breachDecision: z.boolean(),
    }),
  })
  .meta({ id: 'IncidentDetail' });

export type IncidentStatus = Wire<typeof status>;
export type IncidentSummary = Wire<typeof incidentSummary>;
export type IncidentDetail = Wire<typeof incidentDetail>;
export type MyReport = Wire<typeof myReport>;

const detail = (description: string) => ({ description, json: incidentDetail });

/** The incidents REST API: the queue and a report in full for the responsible roles, and a person's own reports. */
export const incidentContracts = {
  list: api('get /api/incidents', 'listIncidents', viewers, {
    summary: 'The incident queue the reader may see, newest first, 50 a page',
    query: queueQueryInput,
    responses: { 200: { description: 'A page of reports.', json: pageOf(incidentSummary) } },
  }),
  get: api('get /api/incidents/:id', 'getIncident', viewers, {
    summary:
      'An incident in full, with its timeline and what the reader may do (restricted reads are audited)',
    params: idParams,
    responses: { 200: detail('The report.') },
    refusals: ['not_found'],
  }),
  claim: api('post /api/incidents/:id/claim', 'claimIncident', handlers, {
    summary: 'Takes on an incident',
    params: idParams,
    responses: { 200: detail('The report, now yours.') },
    refusals: ['not_found', 'conflict'],
  }),
  status: api('post /api/incidents/:id/status', 'changeIncidentStatus', handlers, {
    summary: 'Moves an incident on (the reporter is told)',
    params: idParams,
    body: statusChangeInput,
    responses: { 200: detail('The report as it now stands.') },
    refusals: ['not_found', 'conflict'],
  }),
  comment: api('post /api/incidents/:id/comments', 'commentOnIncident', viewers, {
    summary: 'Adds a comment to the timeline',
    params: idParams,
    body: commentInput,
    responses: { 201: detail('The report with the comment.') },
    refusals: ['not_found'],
  }),
  breachDecision: api('post /api/incidents/:id/breach-decision', 'recordBreachDecision', ['dpo'], {
    summary: 'Records whether a data breach is reported to the ICO, and why',
    params: idParams,
    body: breachDecisionInput,
    responses: { 200: detail('The report with the decision.') },
    refusals: ['not_found', 'conflict'],
  }),
  sheet: api('get /api/incidents/:id/sheet.pdf', 'getIncidentSheet', viewers, {
    summary: 'The incident sheet (PDF)',
    params: idParams,
    responses: { 200: { description: 'The incident sheet.', file: 'application/pdf' } },
    refusals: ['not_found'],
  }),
  mine: api('get /api/my/incidents', 'getMyIncidents', 'signed-in', {
    summary: 'The incidents I reported and where each stands',
    responses: {
      200: { description: 'My reports.', json: z.strictObject({ items: z.array(myReport) }) },
    },
  }),
};
