import type { Actor } from '../directory';
import { route, type ContractRoute } from '../http/define';
import { incidentContracts as api } from './contract';
import {
  addComment,
  changeStatus,
  claimIncident,
  recordBreachDecision,
  type HandlingDeps,
  type IncidentAttempt,
} from './handling';
import { incidentDetail, listIncidents, myIncidents, type QueueDeps } from './queue';
import type { IncidentDetailView } from './views';

export type IncidentRouteDeps = HandlingDeps & QueueDeps;

/** The incidents REST API: the queue and a report in full for the responsible roles, and a person's own reports. */
export function incidentRoutes(deps: IncidentRouteDeps): ContractRoute[] {
  /** The report as the reply to an action: a read of it, audited as one when it is restricted. */
  const detailOf = async (
    actor: Actor,
    id: string,
    via: IncidentAttempt,
  ): Promise<{ status: 200; body: IncidentDetailView }> => ({
    status: 200,
    body: await incidentDetail(deps, actor, id, via),
  });
  return [
    route(api.list, {
      reply: async ({ actor, query }) => ({
        status: 200,
        body: await listIncidents(deps, actor, query),
      }),
    }),
    route(api.get, {
      reply: async ({ actor, params: { id } }) => {
        return { status: 200, body: await incidentDetail(deps, actor, id) };
      },
    }),
    route(api.claim, {
      reply: async ({ actor, params: { id } }) => {
        await claimIncident(deps, actor, id);
        return detailOf(actor, id, 'claim');
      },
    }),
    route(api.status, {
      reply: async ({ actor, params: { id }, body }) => {
        await changeStatus(deps, actor, id, body);
        return detailOf(actor, id, 'status');
      },
    }),
    route(api.comment, {
      reply: async ({ actor, params: { id }, body }) => {
        await addComment(deps, actor, id, body);
        return { ...(await detailOf(actor, id, 'comment')), status: 201 };
      },
    }),
    route(api.breachDecision, {
      reply: async ({ actor, params: { id }, body }) => {
        await recordBreachDecision(deps, actor, id, body);
        return detailOf(actor, id, 'breach_decision');
      },
    }),
    route(api.sheet, {
      reply: async ({ actor, params: { id } }) => {
        const view = await incidentDetail(deps, actor, id, 'sheet');
        // pdfkit is loaded by the first sheet printed, not at start (few requests need it).
        const { incidentSheet } = await import('./sheet');
        const pdf = incidentSheet(view, {
          timeZone: deps.timeZone,
          printedBy: actor.displayName,
          printedAt: deps.now(),
        });
        return {
          status: 200,
          contentType: 'application/pdf',
          filename: `${view.reference}.pdf`,
          stream: pdf,
        };
      },
    }),
    route(api.mine, {
      reply: async ({ actor }) => ({
        status: 200,
        body: {
          items: await myIncidents(deps, { tenantId: actor.tenantId, personId: actor.personId }, deps.now()),
        },
      }),
    }),
  ];
}
