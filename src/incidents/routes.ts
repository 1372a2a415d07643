import { finished } from 'node:stream/promises';
import { z } from 'zod';
import { idText, parseInput } from '../directory/input';
import { actorOf, type RequestContext, type Route } from '../http/server';
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
export function incidentRoutes(deps: IncidentRouteDeps): Route[] {
  const viewers = { roles: incidentViewerRoles };
  const handlers = { roles: incidentHandlerRoles };
  const detailOf = async (context: RequestContext, id: string) => {
    const actor = actorOf(context);
    const incident = await loadVisible(deps.models, actor, id);
    return detailView(deps, actor, incident, await loadNames(deps.models, actor.tenantId, [incident]));
  };
  return [
    {
      method: 'get',
      path: '/api/incidents',
      access: viewers,
      handle: async (req, res, context) => {
        res.send(200, await listIncidents(deps, actorOf(context), parseInput(queueQueryInput, req.query)));
      },
    },
    {
      method: 'get',
      path: '/api/incidents/:id',
      access: viewers,
      handle: async (req, res, context) => {
        const { id } = parseInput(idParams, req.params);
        res.send(200, await incidentDetail(deps, actorOf(context), id));
      },
    },
    {
      method: 'post',
      path: '/api/incidents/:id/claim',
      access: handlers,
      handle: async (req, res, context) => {
        const { id } = parseInput(idParams, req.params);
        await claimIncident(deps, actorOf(context), id);
        res.send(200, await detailOf(context, id));
      },
    },
    {
      method: 'post',
      path: '/api/incidents/:id/status',
      access: handlers,
      handle: async (req, res, context) => {
        const { id } = parseInput(idParams, req.params);
        await changeStatus(deps, actorOf(context), id, parseInput(statusChangeInput, req.body));
        res.send(200, await detailOf(context, id));
      },
    },
    {
      method: 'post',
      path: '/api/incidents/:id/comments',
      access: viewers,
      handle: async (req, res, context) => {
        const { id } = parseInput(idParams, req.params);
        await addComment(deps, actorOf(context), id, parseInput(commentInput, req.body));
        res.send(201, await detailOf(context, id));
      },
    },
    {
      method: 'post',
      path: '/api/incidents/:id/breach-decision',
      access: { roles: ['dpo'] },
      handle: async (req, res, context) => {
        const { id } = parseInput(idParams, req.params);
        await recordBreachDecision(deps, actorOf(context), id, parseInput(breachDecisionInput, req.body));
        res.send(200, await detailOf(context, id));
      },
    },
    {
      method: 'get',
      path: '/api/incidents/:id/sheet.pdf',
      access: viewers,
      handle: async (req, res, context) => {
        const actor = actorOf(context);
        const { id } = parseInput(idParams, req.params);
        const incident = await loadVisible(deps.models, actor, id);
        if (incident.restricted) await auditRead(deps, actor, incident, 'incident.sheet');
        const view = detailView(
          deps,
          actor,
          incident,
          await loadNames(deps.models, actor.tenantId, [incident]),
        );
        const pdf = incidentSheet(view, {
          timeZone: deps.timeZone,
          printedBy: actor.displayName,
          printedAt: deps.now(),
        });
        res.writeHead(200, {
          'content-type': 'application/pdf',
          'content-disposition': `attachment; filename="${view.reference}.pdf"`,
          'cache-control': 'no-store',
        });
        pdf.pipe(res);
        await finished(res);
      },
    },
    {
      method: 'get',
      path: '/api/my/incidents',
      access: 'signed-in',
      handle: async (_req, res, context) => {
        const actor = actorOf(context);
        res.send(200, {
          items: await myIncidents(deps.models, { tenantId: actor.tenantId, personId: actor.personId }),
        });
      },
    },
  ];
}
