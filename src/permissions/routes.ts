import { csvReply } from '../compliance';
import { AppError } from '../errors';
import { auditPermission } from './audit';
import { route, type ContractRoute } from '../http/define';
import { permissionContracts as api } from './contract';
import type { PermissionDeps } from './deps';
import { registerColumns, registerEntry, registerPage, registerRows } from './register';
import { kindsFor, saveKind } from './settings';
import { askAtOnce, askForm, requesterOf } from './ask-form';

/** The permissions REST API: the register (a page, or CSV), asking from the tab, and the kinds a trust admin edits. */
export function permissionRoutes(deps: PermissionDeps): ContractRoute[] {
  return [
    route(api.register, {
      reply: async ({ actor, query }) => ({ status: 200, body: await registerPage(deps, actor, query) }),
    }),
    route(api.exportCsv, {
      reply: async ({ actor, query }) => {
        const rows = await registerRows(deps, actor, query);
        await auditPermission(deps.models, {
          tenantId: actor.tenantId,
          actorId: actor.personId,
          action: 'permission.register_exported',
          subject: { kind: 'permission_register', id: actor.tenantId },
          details: { rows: rows.length },
          at: deps.now(),
        });
        return csvReply('permission-requests.csv', registerColumns, rows);
      },
    }),
    route(api.request, {
      reply: async ({ actor, params }) => ({
        status: 200,
        body: await registerEntry(deps, actor, params.requestId),
      }),
    }),
    route(api.kinds, {
      reply: async ({ actor }) => ({ status: 200, body: { kinds: await kindsFor(deps, actor.tenantId) } }),
    }),
    route(api.askForm, {
      reply: async ({ actor }) => ({
        status: 200,
        body: await askForm(deps, await requesterOf(deps, actor)),
      }),
    }),
    route(api.ask, {
      reply: async ({ actor, body }) => ({
        status: 201,
        body: await askAtOnce(deps, await requesterOf(deps, actor), body),
      }),
    }),
    route(api.saveKind, {
      reply: async ({ actor, params, body }) => {
        if (body.id !== params.kindId)
          throw new AppError('validation_failed', 'The kind in the body is not the one in the address.');
        return { status: 200, body: { kinds: await saveKind(deps, actor, body) } };
      },
    }),
  ];
}
