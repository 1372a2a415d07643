import { route, type ContractRoute } from '../http/define';
import { retentionContracts as api } from './contract';
import {
  findPeopleForRetention,
  liftLegalHold,
  placeLegalHold,
  retentionOverview,
  setRetentionPeriod,
  type RetentionDeps,
} from './use-cases';

/** The retention REST API: the schedule and what is due (DPO, trust admin), periods (trust admin), legal holds (DPO). */
export function retentionRoutes(deps: RetentionDeps): ContractRoute[] {
  return [
    route(api.overview, {
      reply: async ({ actor }) => ({ status: 200, body: await retentionOverview(deps, actor) }),
    }),
    route(api.setPeriod, {
      reply: async ({ actor, params, body }) => {
        await setRetentionPeriod(deps, actor, params.kind, body.months);
        return { status: 200, body: await retentionOverview(deps, actor) };
      },
    }),
    route(api.placeHold, {
      reply: async ({ actor, body }) => {
        const subject = 'person' in body ? { person: body.person } : { incident: body.incident };
        return { status: 201, body: await placeLegalHold(deps, actor, subject, body.reason) };
      },
    }),
    route(api.liftHold, {
      reply: async ({ actor, params }) => {
        await liftLegalHold(deps, actor, params.id);
        return { status: 204 };
      },
    }),
    route(api.people, {
      reply: async ({ actor, query }) => ({
        status: 200,
        body: await findPeopleForRetention(deps, actor, query.q || undefined),
      }),
    }),
  ];
}
