import { z } from 'zod';
import { idText, parseInput } from '../shared/input';
import type { Actor } from '../directory/actor';
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
} from './handling';
import {
  auditRead,
  detailView,
  incidentDetail,
  listIncidents,
  myIncidents,
  queueQueryInput,
  type QueueDeps,
} from './queue';
import { incidentSheet } from './sheet';
import { loadNames } from './views';
import { loadVisible } from './handling';

export type IncidentRouteDeps = HandlingDeps & QueueDeps;

const idParams = z.object({ id: idText });

/** The incidents REST API: the queue and a report in full for the responsible roles, and a person's own reports. */
export function incidentRoutes(deps: IncidentRouteDeps): ApiRoute[] {
  const viewers = { roles: incidentViewerRoles };
  const handlers = { roles: incidentHandlerRoles };
  const detailOf = async (actor: Actor, id: string): Promise<JsonReply> => {
    const incident = await loadVisible(deps.models, actor, id);
    const names = await loadNames(deps.models, actor.tenantId, [incident]);
    return { status: 200, body: detailView(deps, actor, incident, names) };
  };
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
        return detailOf(actor, id);
      },
    },
    {
      method: 'post',
      path: '/api/incidents/:id/status',
      access: handlers,
      reply: async ({ actor, params, body }) => {
        const { id } = parseInput(idParams, params);
        await changeStatus(deps, actor, id, parseInput(statusChangeInput, body));
        return detailOf(actor, id);
      },
    },
    {
      method: 'post',
      path: '/api/incidents/:id/comments',
      access: viewers,
      reply: async ({ actor, params, body }) => {
        const { id } = parseInput(idParams, params);
        await addComment(deps, actor, id, parseInput(commentInput, body));
        return { ...(await detailOf(actor, id)), status: 201 };
      },
    },
    {
      method: 'post',
      path: '/api/incidents/:id/breach-decision',
      access: { roles: ['dpo'] },
      reply: async ({ actor, params, body }) => {
        const { id } = parseInput(idParams, params);
        await recordBreachDecision(deps, actor, id, parseInput(breachDecisionInput, body));
        return detailOf(actor, id);
      },
    },
    {
      method: 'get',
      path: '/api/incidents/:id/sheet.pdf',
      access: viewers,
      reply: async ({ actor, params }) => {
        const { id } = parseInput(idParams, params);
        const incident = await loadVisible(deps.models, actor, id);
        if (incident.restricted) await auditRead(deps, actor, incident, 'incident.sheet');
        const names = await loadNames(deps.models, actor.tenantId, [incident]);
        const view = detailView(deps, actor, incident, names);
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
          items: await myIncidents(deps.models, { tenantId: actor.tenantId, personId: actor.personId }),
        },
      }),
    },
  ];
}
