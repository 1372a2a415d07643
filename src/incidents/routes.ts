import { z } from 'zod';
import { idText, parseInput } from '../shared/input';
import type { Actor } from '../directory';
import type { ApiRoute, JsonReply } from '../http/server';
import { incidentHandlerRoles, incidentViewerRoles } from './access';
import {
  addComment,
  breachDecisionInput,
  changeStatus,
  claimIncident,
  commentInput,
  recordBreachDecision,
  statusChangeInput,
  type HandlingDeps,
  type IncidentAttempt,
} from './handling';
import { incidentDetail, listIncidents, myIncidents, queueQueryInput, type QueueDeps } from './queue';
import { incidentSheet } from './sheet';

export type IncidentRouteDeps = HandlingDeps & QueueDeps;

const idParams = z.object({ id: idText });

/** The incidents REST API: the queue and a report in full for the responsible roles, and a person's own reports. */
export function incidentRoutes(deps: IncidentRouteDeps): ApiRoute[] {
  const viewers = { roles: incidentViewerRoles };
  const handlers = { roles: incidentHandlerRoles };
  /** The report as the reply to an action: a read of it, audited as one when it is restricted. */
  const detailOf = async (actor: Actor, id: string, via: IncidentAttempt): Promise<JsonReply> => ({
    status: 200,
    body: await incidentDetail(deps, actor, id, via),
  });
  return [
    {
      method: 'get',
      path: '/api/incidents',
      access: viewers,
      reply: async ({ actor, query }) => ({
        status: 200,
        body: await listIncidents(deps, actor, parseInput(queueQueryInput, query)),
      }),
    },
    {
      method: 'get',
      path: '/api/incidents/:id',
      access: viewers,
      reply: async ({ actor, params }) => {
        const { id } = parseInput(idParams, params);
        return { status: 200, body: await incidentDetail(deps, actor, id) };
      },
    },
    {
      method: 'post',
      path: '/api/incidents/:id/claim',
      access: handlers,
      reply: async ({ actor, params }) => {
        const { id } = parseInput(idParams, params);
        await claimIncident(deps, actor, id);
        return detailOf(actor, id, 'claim');
      },
    },
    {
      method: 'post',
      path: '/api/incidents/:id/status',
      access: handlers,
      reply: async ({ actor, params, body }) => {
        const { id } = parseInput(idParams, params);
        await changeStatus(deps, actor, id, parseInput(statusChangeInput, body));
        return detailOf(actor, id, 'status');
      },
    },
    {
      method: 'post',
      path: '/api/incidents/:id/comments',
      access: viewers,
      reply: async ({ actor, params, body }) => {
        const { id } = parseInput(idParams, params);
        await addComment(deps, actor, id, parseInput(commentInput, body));
        return { ...(await detailOf(actor, id, 'comment')), status: 201 };
      },
    },
    {
      method: 'post',
      path: '/api/incidents/:id/breach-decision',
      access: { roles: ['dpo'] },
      reply: async ({ actor, params, body }) => {
        const { id } = parseInput(idParams, params);
        await recordBreachDecision(deps, actor, id, parseInput(breachDecisionInput, body));
        return detailOf(actor, id, 'breach_decision');
      },
    },
    {
      method: 'get',
      path: '/api/incidents/:id/sheet.pdf',
      access: viewers,
      reply: async ({ actor, params }) => {
        const { id } = parseInput(idParams, params);
        const view = await incidentDetail(deps, actor, id, 'sheet');
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
    },
    {
      method: 'get',
      path: '/api/my/incidents',
      access: 'signed-in',
      reply: async ({ actor }) => ({
        status: 200,
        body: {
          items: await myIncidents(deps, { tenantId: actor.tenantId, personId: actor.personId }, deps.now()),
        },
      }),
    },
  ];
}
