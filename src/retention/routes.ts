import { z } from 'zod';
import type { ApiRoute } from '../http/server';
import { idText, parseInput } from '../shared/input';
import { disposableKinds } from './schedule';
import {
  findPeopleForRetention,
  liftLegalHold,
  placeLegalHold,
  retentionOverview,
  setRetentionPeriod,
  type RetentionDeps,
} from './use-cases';

const periodParams = z.strictObject({ kind: z.enum(disposableKinds) });
const periodBody = z.strictObject({ months: z.number().int().min(1).max(1200) });
const reason = z.string().trim().min(3, 'say why the records must be kept').max(500);
const holdBody = z.union([
  z.strictObject({ person: idText, reason }),
  z.strictObject({
    incident: z
      .string()
      .trim()
      .regex(/^INC-\d{4}-\d{1,8}$/i, 'must be a reference such as INC-2026-0042'),
    reason,
  }),
]);
const holdParams = z.strictObject({ id: idText });
const peopleQuery = z.strictObject({ q: z.string().trim().max(100).optional() });

/** The retention REST API: the schedule and what is due (DPO, trust admin), periods (trust admin), legal holds (DPO). */
export function retentionRoutes(deps: RetentionDeps): ApiRoute[] {
  return [
    {
      method: 'get',
      path: '/api/retention',
      access: { roles: ['dpo', 'trust_admin'] },
      reply: async ({ actor }) => ({ status: 200, body: await retentionOverview(deps, actor) }),
    },
    {
      method: 'put',
      path: '/api/retention/periods/:kind',
      access: { roles: ['trust_admin'] },
      reply: async ({ actor, params, body }) => {
        const { kind } = parseInput(periodParams, params);
        const { months } = parseInput(periodBody, body);
        await setRetentionPeriod(deps, actor, kind, months);
        return { status: 200, body: await retentionOverview(deps, actor) };
      },
    },
    {
      method: 'post',
      path: '/api/retention/holds',
      access: { roles: ['dpo'] },
      reply: async ({ actor, body }) => {
        const input = parseInput(holdBody, body);
        const subject = 'person' in input ? { person: input.person } : { incident: input.incident };
        return { status: 201, body: await placeLegalHold(deps, actor, subject, input.reason) };
      },
    },
    {
      method: 'del',
      path: '/api/retention/holds/:id',
      access: { roles: ['dpo'] },
      reply: async ({ actor, params }) => {
        await liftLegalHold(deps, actor, parseInput(holdParams, params).id);
        return { status: 204 };
      },
    },
    {
      method: 'get',
      path: '/api/retention/people',
      access: { roles: ['dpo', 'trust_admin'] },
      reply: async ({ actor, query }) => ({
        status: 200,
        body: await findPeopleForRetention(deps, actor, parseInput(peopleQuery, query).q || undefined),
      }),
    },
  ];
}
