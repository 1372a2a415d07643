import { Types } from 'mongoose';
import { type Actor, audiences, displayNamesOf, holdsTrustWide, peopleWithMemberships } from '../directory';
import { AppError } from '../errors';
import { route, type ContractRoute } from '../http/define';
import type { Models } from '../store/models';
import { campaignContracts as api, reminderSenders } from './contract';
import type { Campaign } from './model';
import { campaignProgress, deliveryPage, findCampaign, requeueDeliveries } from './store';
import { sendJob } from './start';
import type { JobScheduler } from '../jobs/scheduler';

export interface CampaignRouteDeps {
  models: Models;
  jobs: Pick<JobScheduler, 'now'>;
  remindNow: (
    policyVersionId: Types.ObjectId,
    personIds: readonly Types.ObjectId[] | undefined,
  ) => Promise<number>;
}

export { reminderSenders };
const pageSize = 50;

/** The REST API of campaigns: progress, who got what, resending, and reminding on demand. */
export function campaignRoutes(deps: CampaignRouteDeps): ContractRoute[] {
  const { models } = deps;
  const campaignFor = async (actor: Actor, { campaignId }: { campaignId: string }): Promise<Campaign> => {
    const campaign = await findCampaign(models, actor.tenantId, campaignId);
    if (!campaign) throw new AppError('not_found', 'That campaign does not exist.');
    return campaign;
  };
  return [
    route(api.get, {
      reply: async ({ actor, params }) => {
        const campaign = await campaignFor(actor, params);
        const progress = await campaignProgress(models, campaign);
        const body = {
          id: campaign._id.toString(),
          policyId: campaign.policyId.toString(),
          policyVersionId: campaign.policyVersionId.toString(),
          status: campaign.status,
          startedAt: campaign.startedAt,
          completedAt: campaign.completedAt ?? null,
          ...progress,
        };
        return { status: 200, body };
      },
    }),
    route(api.deliveries, {
      reply: async ({ actor, params, query }) => {
        const campaign = await campaignFor(actor, params);
        const { total, deliveries } = await deliveryPage(models, campaign._id, query.status, {
          page: query.page,
          pageSize,
        });
        const names = await displayNamesOf(
          models,
          deliveries.map((d) => d.personId),
        );
        const body = {
          items: deliveries.map((d) => ({
            personId: d.personId.toString(),
            displayName: names.get(d.personId.toString()) ?? '(unknown)',
            status: d.status,
            lastError: d.lastError ?? null,
            attempts: d.attempts,
            sentAt: d.sentAt ?? null,
            dueAt: d.dueAt,
            signedAt: d.signedAt ?? null,
          })),
          page: query.page,
          pageSize,
          total,
        };
        return { status: 200, body };
      },
    }),
    route(api.resend, {
      reply: async ({ actor, params, body }) => {
        const campaign = await campaignFor(actor, params);
        if (campaign.status !== 'running') {
          throw new AppError(
            'conflict',
            'This campaign has finished: a newer version of the policy replaced it.',
          );
        }
        const requeued = await requeueDeliveries(models, campaign, [body.status]);
        await deps.jobs.now(sendJob, { campaignId: campaign._id.toString() });
        return { status: 200, body: { requeued } };
      },
    }),
    route(api.remind, {
      reply: async ({ actor, body }) => {
        const personIds = await peopleTheActorMayRemind(models, actor, body.personIds);
        const queued = await deps.remindNow(new Types.ObjectId(body.policyVersionId), personIds);
        return { status: 200, body: { queued } };
      },
    }),
  ];
}

/** A school-level role reminds only people at that school; a trust-wide one reminds anyone. */
async function peopleTheActorMayRemind(
  models: Pick<Models, 'Person'>,
  actor: Actor,
  requested: readonly string[] | undefined,
): Promise<Types.ObjectId[] | undefined> {
  if (reminderSenders.some((role) => holdsTrustWide(actor, role))) {
    return requested?.map((id) => new Types.ObjectId(id));
  }
  const schools = [
    ...new Set(actor.roles.filter((r) => reminderSenders.includes(r.role)).map((r) => r.scopeKey)),
  ];
  const keys = schools.flatMap((school) => audiences.map((audience) => `${school}:${audience}`));
  return peopleWithMemberships(
    models,
    actor.tenantId,
    keys,
    requested?.map((id) => new Types.ObjectId(id)),
  );
}
