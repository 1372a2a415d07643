import { z } from 'zod';
import { idText } from '../shared/input';
import type { Role } from '../directory';
import { contractsFor, dateTime, type Wire } from '../http/contract';
import { policyManagers, policyReaders } from '../policies';
import { deliveryStatuses } from './model';

/** The roles that may remind people on demand. */
export const reminderSenders: readonly Role[] = ['it_manager', 'headteacher', 'trust_admin'];

const campaignParams = z.strictObject({ campaignId: idText });
const deliveryStatus = z.enum(deliveryStatuses);
const count = z.number();
const api = contractsFor('campaigns');

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
  get: api('get /api/campaigns/:campaignId', 'getCampaign', policyReaders, {
    summary: 'How far a campaign has got',
    params: campaignParams,
    responses: { 200: { description: 'The campaign.', json: campaignView } },
    refusals: ['not_found'],
  }),
  deliveries: api('get /api/campaigns/:campaignId/deliveries', 'listDeliveries', policyReaders, {
    summary: "The campaign's cards, 50 a page, with why any failed",
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
  resend: api('post /api/campaigns/:campaignId/resend', 'resendCampaign', policyManagers, {
    summary: 'Queues the failed (or blocked) cards again',
    params: campaignParams,
    body: z.strictObject({ status: z.enum(['failed', 'blocked']) }),
    responses: {
      200: { description: 'How many cards were queued.', json: z.strictObject({ requeued: count }) },
    },
    refusals: ['not_found', 'conflict'],
  }),
  remind: api('post /api/reminders', 'remind', reminderSenders, {
    summary: 'Reminds some, or all, of the people who have not signed a version',
    body: z.strictObject({
      policyVersionId: idText,
      personIds: z.array(idText).min(1).max(10_000).optional(),
    }),
    responses: {
      200: { description: 'How many reminders were queued.', json: z.strictObject({ queued: count }) },
    },
  }),
};
