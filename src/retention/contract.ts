import { z } from 'zod';
import { contractsFor, dateTime } from '../http/contract';
import { idText } from '../shared/input';
import { disposableKinds } from './schedule';

const kind = z.enum(disposableKinds);
const readers = { roles: ['dpo', 'trust_admin'] as const };
const dpo = { roles: ['dpo'] as const };
const api = contractsFor('retention');
const reason = z.string().trim().min(3, 'say why the records must be kept').max(500);
const counts = z.record(z.string(), z.number());

/** The schedule in force, what falls due within a month, the legal holds and the last run. */
export const retentionView = z
  .strictObject({
    rules: z.array(
      z.strictObject({
        kind,
        label: z.string(),
        from: z.string(),
        action: z.enum(['delete', 'anonymise']),
        defaultMonths: z.number(),
        minMonths: z.number(),
        basis: z.string(),
        months: z.number(),
      }),
    ),
    kept: z.array(z.strictObject({ label: z.string(), kept: z.string() })),
    due: z.array(
      z.strictObject({
        kind,
        count: z.number(),
        held: z.number(),
        items: z.array(z.strictObject({ id: z.string(), label: z.string(), dueAt: dateTime })),
      }),
    ),
    dueBefore: dateTime,
    holds: z.array(
      z.strictObject({
        id: z.string(),
        subject: z.strictObject({ kind: z.enum(['person', 'incident']), id: z.string(), label: z.string() }),
        reason: z.string(),
        placedAt: dateTime,
      }),
    ),
    lastRun: z.strictObject({ at: dateTime, disposed: counts, held: counts }).nullable(),
    mayEditPeriods: z.boolean(),
    mayHold: z.boolean(),
  })
  .meta({ id: 'Retention' });

/** The retention API: the schedule and what is due (DPO, trust admin), periods (trust admin), legal holds (DPO). */
export const retentionContracts = {
  overview: api('get /api/retention', 'getRetention', readers, {
    summary: 'The retention schedule, what falls due within a month, the legal holds and the last run',
    responses: { 200: { description: 'The schedule and what is due.', json: retentionView } },
  }),
  setPeriod: api('patch /api/retention/periods/:kind', 'setRetentionPeriod', ['trust_admin'], {
    summary: 'Changes how long a kind of record is kept, not below its floor (trust admin)',
    params: z.strictObject({ kind }),
    body: z.strictObject({ months: z.number().int().min(1).max(1200) }),
    responses: { 200: { description: 'The schedule as changed.', json: retentionView } },
  }),
  placeHold: api('post /api/retention/holds', 'placeLegalHold', dpo, {
    summary: "Keeps a person's or an incident's records past their period until the hold is lifted (DPO)",
    body: z.union([
      z.strictObject({ person: idText, reason }),
      z.strictObject({
        incident: z
          .string()
          .trim()
          .regex(/^INC-\d{4}-\d{1,8}$/i, 'must be a reference such as INC-2026-0042'),
        reason,
      }),
    ]),
    responses: { 201: { description: 'The hold.', json: z.strictObject({ id: z.string() }) } },
    refusals: ['not_found', 'already_exists'],
  }),
  liftHold: api('del /api/retention/holds/:id', 'liftLegalHold', dpo, {
    summary: 'Lifts a legal hold; the records follow the schedule again from the next run (DPO)',
    params: z.strictObject({ id: idText }),
    responses: { 204: { description: 'Lifted.' } },
    refusals: ['not_found'],
  }),
  people: api('get /api/retention/people', 'findPeopleForRetention', readers, {
    summary: 'People by name, to choose whom to hold or export (20 at most)',
    query: z.strictObject({ q: z.string().trim().max(100).optional() }),
    responses: {
      200: {
        description: 'The people found.',
        json: z.array(
          z.strictObject({
            id: z.string(),
            displayName: z.string(),
            email: z.string().nullable(),
            active: z.boolean(),
            deactivatedAt: dateTime.nullable(),
          }),
        ),
      },
    },
  }),
};
