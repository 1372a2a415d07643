import { z } from 'zod';
import { idText } from '../shared/input';
import { audiences } from '../directory';
import { contractsFor, dateTime, pageOf, type Wire } from '../http/contract';
import { policyManagers, policyReaders } from './access';
import {
  importQueryInput,
  newPolicyInput,
  newVersionInput,
  pageQueryInput,
  policyChangesInput,
  versionChangesInput,
} from './input';

const managers = { roles: policyManagers };
const readers = { roles: policyReaders };
const policyParams = z.strictObject({ policyId: idText });
const versionParams = z.strictObject({ policyId: idText, versionId: idText });
const status = z.enum(['draft', 'published']);

const policyFields = {
  id: z.string(),
  title: z.string(),
  audiences: z.array(z.enum(audiences)),
  scope: z.enum(['trust', 'schools']),
  schoolIds: z.array(z.string()),
  owner: z.strictObject({ id: z.string(), displayName: z.string().nullable() }),
  currentVersionId: z.string().nullable(),
  createdAt: dateTime,
  updatedAt: dateTime,
};
/** A policy as the API shows it. */
export const policyView = z.strictObject(policyFields).meta({ id: 'Policy' });
const summaryFields = {
  ...policyFields,
  status,
  currentVersion: z
    .strictObject({ id: z.string(), label: z.string(), publishedAt: dateTime.nullable() })
    .nullable(),
  nextReviewDate: z.string().nullable(),
  overdueForReview: z.boolean(),
  reviewStatus: z
    .enum(['none', 'scheduled', 'due-soon', 'overdue'])
    .describe('Where the review stands: none before publishing; due soon within the notice period.'),
  reviewPeriodMonths: z.number(),
  draftVersions: z.number(),
};
/** A policy in the library list: where it stands and whether it is past its next review. */
export const policySummary = z.strictObject(summaryFields).meta({ id: 'PolicySummary' });
const versionSummaryFields = {
  id: z.string(),
  policyId: z.string(),
  label: z.string(),
  status,
  isCurrent: z.boolean(),
  effectiveDate: z.string(),
  reviewDate: z.string(),
  nextReviewDate: z.string(),
  dueDays: z.number(),
  material: z.boolean(),
  contentHash: z.string().nullable(),
  acceptsSignaturesOf: z.array(z.string()),
  publishedAt: dateTime.nullable(),
  publishedBy: z.string().nullable(),
  createdBy: z.string(),
  createdAt: dateTime,
  updatedAt: dateTime,
};
/** A version without its text. */
export const versionSummary = z.strictObject(versionSummaryFields).meta({ id: 'VersionSummary' });
/** A policy with all its versions, newest first. */
export const policyDetail = z
  .strictObject({ ...summaryFields, versions: z.array(versionSummary) })
  .meta({ id: 'PolicyDetail' });
/** A fixed notice of a version (monitoring, sanctions…). */
export const policyNotice = z
  .strictObject({ heading: z.string(), text: z.string() })
  .meta({ id: 'PolicyNotice' });
/** Another policy a version names to be read with it. */
export const readWithPolicy = z
  .strictObject({ policyId: z.string(), title: z.string() })
  .meta({ id: 'ReadWithPolicy' });
/** A version with its full text. */
export const versionView = z
  .strictObject({
    ...versionSummaryFields,
    bodyMarkdown: z.string(),
    keyPoints: z.array(z.string()),
    notices: z
      .array(policyNotice)
      .describe('Shown to every signer above the signature, on the card and on the reading page.'),
    readWith: z
      .array(readWithPolicy)
      .describe('Other policies to read with this one: the card links them, the signer ticks those read.'),
  })
  .meta({ id: 'Version' });
/** A file's text as an import found it (nothing is stored). */
export const importedBody = z
  .strictObject({
    markdown: z.string(),
    headings: z.number(),
    paragraphs: z.number(),
    bullets: z.number(),
    warnings: z.array(z.string()),
    fields: z
      .strictObject({
        label: z.string().optional(),
        effectiveDate: z.string().optional(),
        reviewDate: z.string().optional(),
        nextReviewDate: z.string().optional(),
      })
      .describe("The version's label and dates, when the document states them."),
  })
  .meta({ id: 'ImportedBody' });

export type PolicySummary = Wire<typeof policySummary>;
export type PolicyDetail = Wire<typeof policyDetail>;
export type VersionSummary = Wire<typeof versionSummary>;
export type Version = Wire<typeof versionView>;
export type PolicyNotice = Wire<typeof policyNotice>;
export type ReadWithPolicy = Wire<typeof readWithPolicy>;
export type ImportedBody = Wire<typeof importedBody>;

const api = contractsFor('policies');
/** The policy library's routes. */
export const policyContracts = {
  list: api('get /api/policies', 'listPolicies', readers, {
    summary: 'The policy library, by title',
    query: pageQueryInput,
    responses: {
      200: { description: 'A page of policies with where each stands.', json: pageOf(policySummary) },
    },
  }),
  create: api('post /api/policies', 'createPolicy', managers, {
    summary: 'Adds a policy (IT manager, trust admin)',
    body: newPolicyInput,
    responses: { 201: { description: 'The policy.', json: policyView } },
    refusals: ['conflict'],
  }),
  get: api('get /api/policies/:policyId', 'getPolicy', readers, {
    summary: 'A policy with all its versions, newest first',
    params: policyParams,
    responses: { 200: { description: 'The policy.', json: policyDetail } },
    refusals: ['not_found'],
  }),
  update: api('patch /api/policies/:policyId', 'updatePolicy', managers, {
    summary: "Changes a policy's title, audiences, schools or owner",
    params: policyParams,
    body: policyChangesInput,
    responses: { 200: { description: 'The policy as changed.', json: policyView } },
    refusals: ['not_found', 'conflict'],
  }),
  addVersion: api('post /api/policies/:policyId/versions', 'addVersion', managers, {
    summary: 'Adds a draft version',
    params: policyParams,
    body: newVersionInput,
    responses: { 201: { description: 'The draft.', json: versionView } },
    refusals: ['not_found', 'conflict'],
  }),
  getVersion: api('get /api/policies/:policyId/versions/:versionId', 'getVersion', 'signed-in', {
    summary: 'A version with its full text (anyone it applies to may read a published one)',
    params: versionParams,
    responses: { 200: { description: 'The version.', json: versionView } },
    refusals: ['not_found'],
  }),
  reviseDraft: api('patch /api/policies/:policyId/versions/:versionId', 'reviseDraft', managers, {
    summary: 'Changes a draft version (a published one cannot change)',
    params: versionParams,
    body: versionChangesInput,
    responses: { 200: { description: 'The draft as changed.', json: versionView } },
    refusals: ['not_found', 'conflict'],
  }),
  preview: api('get /api/policies/:policyId/versions/:versionId/preview', 'previewVersion', readers, {
    summary: 'The Adaptive Card staff will receive for this version',
    params: versionParams,
    responses: { 200: { description: 'The card.', json: z.strictObject({ card: z.unknown() }) } },
    refusals: ['not_found'],
  }),
  publish: api('post /api/policies/:policyId/versions/:versionId/publish', 'publishVersion', managers, {
    summary: 'Publishes a draft, makes it current and starts its campaign',
    params: versionParams,
    responses: {
      200: {
        description: 'The published version and its campaign.',
        json: z.strictObject({ version: versionView, campaignId: z.string() }),
      },
    },
    refusals: ['not_found', 'conflict', 'unavailable'],
  }),
  importText: api('post /api/policy-imports', 'importPolicyText', managers, {
    summary: 'Turns a .docx, .md or .txt file into Markdown for a draft (stores nothing)',
    query: importQueryInput,
    upload: [
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'text/markdown',
      'text/plain',
    ],
    responses: {
      200: { description: 'The text as Markdown, with what the import noticed.', json: importedBody },
    },
    refusals: ['bad_request', 'payload_too_large', 'unsupported_media_type'],
  }),
};
