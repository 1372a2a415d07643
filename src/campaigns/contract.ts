import { z } from 'zod';
import { idText } from '../shared/input';
import type { Role } from '../directory';
import { contract, dateTime, type Wire } from '../http/contract';
import { policyManagers, policyReaders } from '../policies';
import { deliveryStatuses } from './model';

/** The roles that may remind people on demand. */
export const reminderSenders: readonly Role[] = ['it_manager', 'headteacher', 'trust_admin'];

const campaignParams = z.strictObject({ campaignId: idText });
const deliveryStatus = z.enum(deliveryStatuses);
const count = z.number();
const tag = 'campaigns';

/** How far a campaign has got. */
export const campaignView = z
  .strictObject({
    id: z.string(),
    policyId: z.string(),
    policyVersionId: z.string(),
    status: z.enum(['running', 'completed', 'cancelled']),
    startedAt: dateTime,
    completedAt: dateTime.nullable(),
    counts: z.strictObject({
      pending: count,
      sending: count,
      sent: count,
      failed: count,
      blocked: count,
      withdrawn: count,
    }),
    signed: count,
    total: count,
  })
  .meta({ id: 'Campaign' });
/** One card of a campaign: whom it went to and how it stands. */
export const campaignDelivery = z
  .strictObject({
    personId: z.string(),
    displayName: z.string(),
    status: deliveryStatus,
    lastError: z.string().nullable(),
    attempts: count,
    sentAt: dateTime.nullable(),
    dueAt: dateTime,
    signedAt: dateTime.nullable(),
  })
  .meta({ id: 'CampaignDelivery' });

export type Campaign = Wire<typeof campaignView>;
export type CampaignDelivery = Wire<typeof campaignDelivery>;
export type DeliveryStatus = Wire<typeof deliveryStatus>;

/** The campaigns' routes: progress, who got what, resending, and reminding on demand. */
export const campaignContracts = {
  get: contract({
    method: 'get',
    path: '/api/campaigns/:campaignId',
    operationId: 'getCampaign',
    summary: 'How far a campaign has got',
    tag,
    access: { roles: policyReaders },
    params: campaignParams,
    responses: { 200: { description: 'The campaign.', json: campaignView } },
    refusals: ['not_found'],
  }),
  deliveries: contract({
    method: 'get',
    path: '/api/campaigns/:campaignId/deliveries',
    operationId: 'listDeliveries',
    summary: "The campaign's cards, 50 a page, with why any failed",
    tag,
    access: { roles: policyReaders },
    params: campaignParams,
    query: z.strictObject({
      status: deliveryStatus.optional(),
      page: z.coerce.number().int().min(1).max(100_000).default(1),
    }),
    responses: {
      200: {
        description: 'A page of cards.',
        json: z.strictObject({
          items: z.array(campaignDelivery),
          page: count,
          pageSize: count,
          total: count,
        }),
      },
    },
    refusals: ['not_found'],
  }),
  resend: contract({
    method: 'post',
    path: '/api/campaigns/:campaignId/resend',
    operationId: 'resendCampaign',
    summary: 'Queues the failed (or blocked) cards again',
    tag,
    access: { roles: policyManagers },
    params: campaignParams,
    body: z.strictObject({ status: z.enum(['failed', 'blocked']) }),
    responses: {
      200: { description: 'How many cards were queued.', json: z.strictObject({ requeued: count }) },
    },
    refusals: ['not_found', 'conflict'],
  }),
  remind: contract({
    method: 'post',
    path: '/api/reminders',
    operationId: 'remind',
    summary: 'Reminds some, or all, of the people who have not signed a version',
    tag,
    access: { roles: reminderSenders },
    body: z.strictObject({
      policyVersionId: idText,
      personIds: z.array(idText).min(1).max(10_000).optional(),
    }),
    responses: {
      200: { description: 'How many reminders were queued.', json: z.strictObject({ queued: count }) },
    },
  }),
};
