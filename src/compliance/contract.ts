import { z } from 'zod';
import { deliveryStatuses } from '../campaigns';
import { audiences } from '../directory';
import { contractsFor, dateTime, type Wire } from '../http/contract';
import { incidentContracts } from '../incidents/contract';
import { complianceReaders } from './access';
import {
  exportQueryInput,
  incidentExportQueryInput,
  outstandingQueryInput,
  overviewQueryInput,
  versionParams,
} from './input';

const count = z.number();
const counts = { eligible: count, signed: count, outstanding: count, overdue: count };
const audience = z.enum(audiences);
const readers = { roles: complianceReaders };
const csv = 'text/csv';
const csvNote = 'A CSV file (UTF-8 with a byte-order mark; cells that start like a formula are neutralised).';

/** Compliance with the current version of one policy. */
export const policyCompliance = z
  .strictObject({
    policyId: z.string(),
    policyVersionId: z.string(),
    campaignId: z.string().nullable(),
    title: z.string(),
    label: z.string(),
    audiences: z.array(audience),
    publishedAt: dateTime.nullable(),
    nextReviewDate: dateTime,
    pastReview: z.boolean(),
    reviewStatus: z.enum(['scheduled', 'due-soon', 'overdue']),
    totals: z.strictObject(counts),
    bySchool: z.array(z.strictObject({ ...counts, schoolId: z.string(), name: z.string() })),
    byAudience: z.array(z.strictObject({ ...counts, audience })),
    byDepartment: z.array(z.strictObject({ ...counts, department: z.string().nullable() })),
    trend: z.strictObject({
      carriedOver: count,
      days: z.array(z.strictObject({ date: z.string(), signed: count, cumulative: count })),
    }),
  })
  .meta({ id: 'PolicyCompliance' });
/** Compliance with every policy, for the schools the reader may see. */
export const complianceOverview = z
  .strictObject({
    generatedAt: dateTime,
    schools: z.array(z.strictObject({ id: z.string(), name: z.string(), code: z.string() })),
    policies: z.array(policyCompliance),
    pastReview: z.array(
      z.strictObject({
        policyId: z.string(),
        title: z.string(),
        label: z.string(),
        nextReviewDate: dateTime,
      }),
    ),
    reviewDue: z
      .array(
        z.strictObject({
          policyId: z.string(),
          title: z.string(),
          label: z.string(),
          nextReviewDate: dateTime,
          status: z.enum(['due-soon', 'overdue']),
        }),
      )
      .describe('Policies whose review is due within the notice period or overdue, overdue first.'),
    departments: z.array(z.string()),
  })
  .meta({ id: 'ComplianceOverview' });
/** A person who has not signed a published version. */
export const outstandingPerson = z
  .strictObject({
    personId: z.string(),
    displayName: z.string(),
    email: z.string().nullable(),
    jobTitle: z.string().nullable(),
    department: z.string().nullable(),
    schools: z.array(z.strictObject({ id: z.string(), name: z.string() })),
    audiences: z.array(audience),
    dueAt: dateTime,
    overdue: z.boolean(),
    delivery: z
      .strictObject({
        status: z.enum(deliveryStatuses),
        sentAt: dateTime.nullable(),
        remindersSent: count,
        lastError: z.string().nullable(),
      })
      .nullable(),
  })
  .meta({ id: 'OutstandingPerson' });
/** One page of the people who have not signed. */
export const outstandingPage = z
  .strictObject({
    policy: z.strictObject({
      policyId: z.string(),
      policyVersionId: z.string(),
      title: z.string(),
      label: z.string(),
    }),
    departments: z.array(z.string()),
    items: z.array(outstandingPerson),
    page: count,
    pageSize: count,
    total: count,
    /** Pass as `after` for the next page, or as `before` for the previous one; null at either end. */
    next: z.string().nullable(),
    previous: z.string().nullable(),
  })
  .meta({ id: 'OutstandingPage' });

export type PolicyCompliance = Wire<typeof policyCompliance>;
export type ComplianceOverview = Wire<typeof complianceOverview>;
export type OutstandingPerson = Wire<typeof outstandingPerson>;
export type OutstandingPage = Wire<typeof outstandingPage>;

const api = contractsFor('compliance');
const incidentsApi = contractsFor('incidents');
const incidentReaders = incidentContracts.list.access;

/** The compliance API: the overview, who is outstanding, the evidence pack and the exports. */
export const complianceContracts = {
  overview: api('get /api/compliance/overview', 'getComplianceOverview', readers, {
    summary: 'Compliance with the current version of each policy',
    query: overviewQueryInput,
    responses: { 200: { description: 'The overview.', json: complianceOverview } },
  }),
  outstanding: api('get /api/compliance/outstanding', 'listOutstanding', readers, {
    summary: 'Who has not signed a published version, by name (50 a page), or all of them as CSV',
    query: outstandingQueryInput,
    responses: {
      200: {
        description: `A page of people, or with format=csv all of them. ${csvNote}`,
        json: outstandingPage,
        file: csv,
      },
    },
    refusals: ['not_found'],
  }),
  exportCsv: api('get /api/compliance/export.csv', 'exportCompliance', readers, {
    summary: 'One line per person and current policy version, with their standing and signature',
    query: exportQueryInput,
    responses: { 200: { description: csvNote, file: csv } },
  }),
  exportIncidents: incidentsApi('get /api/incidents/export.csv', 'exportIncidents', incidentReaders, {
    summary: 'The incidents the reader may see, as CSV (never what was reported)',
    query: incidentExportQueryInput,
    responses: { 200: { description: csvNote, file: csv } },
  }),
  evidence: api('get /api/evidence/:policyVersionId.pdf', 'getEvidencePack', readers, {
    summary: 'The evidence pack of a published version (PDF)',
    params: versionParams,
    responses: { 200: { description: 'The evidence pack.', file: 'application/pdf' } },
    refusals: ['not_found'],
  }),
};
