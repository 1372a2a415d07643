import { DateTime } from 'luxon';
import { Types } from 'mongoose';
import { appendAuditEvent } from '../audit';
import { holdsTrustWide, type Actor } from '../directory';
import { AppError } from '../errors';
import type { Models } from '../store/models';
import { isHeld, periodOf } from './dispose';
import {
  cutoffFor,
  disposableKinds,
  dueAt,
  keptRecords,
  retentionRules,
  type DisposableKind,
} from './schedule';
import type { RetentionStore } from './store';

export interface RetentionDeps {
  readonly store: RetentionStore;
  readonly models: Pick<Models, 'AuditEvent' | 'AuditHead'>;
  readonly now: () => Date;
}

const shownPerKind = 50;

/** The DPO (for any school or the trust) and the trust admin see the schedule, what is due and the holds. */
export function assertMaySeeRetention(actor: Actor): void {
  if (holdsTrustWide(actor, 'trust_admin') || actor.holds('dpo')) return;
  throw new AppError('forbidden', 'Retention is for the data protection officer and the trust admin.');
}

function assertDpo(actor: Actor, schoolIds: readonly string[]): void {
  if (holdsTrustWide(actor, 'dpo') || schoolIds.some((school) => actor.holds('dpo', school))) return;
  throw new AppError(
    'forbidden',
    'Only the data protection officer (for the trust, or for the school concerned) places or lifts a legal hold.',
  );
}

/** The schedule in force, what falls due before a month from now (held or not), the holds, the last run. */
export async function retentionOverview(deps: RetentionDeps, actor: Actor) {
  assertMaySeeRetention(actor);
  const now = deps.now();
  const monthAhead = DateTime.fromJSDate(now, { zone: 'utc' }).plus({ months: 1 }).toJSDate();
  const settings = await deps.store.settings(actor.tenantId);
  const holds = await deps.store.activeHolds(actor.tenantId);
  const due = [];
  for (const kind of disposableKinds) {
    const months = periodOf(settings.periods, kind);
    const records = await deps.store.due(kind, actor.tenantId, cutoffFor(monthAhead, months));
    const held = records.filter((record) => isHeld(kind, record, holds));
    const going = records.filter((record) => !isHeld(kind, record, holds));
    due.push({
      kind,
      count: going.length,
      held: held.length,
      items: going
        .filter((record) => record.label !== undefined)
        .slice(0, shownPerKind)
        .map((record) => ({
          id: record.id.toString(),
          label: record.label!,
          dueAt: dueAt(record.from, months),
        })),
    });
  }
  return {
    rules: disposableKinds.map((kind) => ({
      ...retentionRules[kind],
      months: periodOf(settings.periods, kind),
    })),
    kept: keptRecords,
    due,
    dueBefore: monthAhead,
    holds: await holdViews(deps.store, actor.tenantId),
    lastRun: settings.lastRun?.at
      ? {
          at: settings.lastRun.at,
          disposed: settings.lastRun.disposed ?? {},
          held: settings.lastRun.held ?? {},
        }
      : null,
    mayEditPeriods: holdsTrustWide(actor, 'trust_admin'),
    mayHold: actor.holds('dpo'),
  };
}

async function holdViews(store: RetentionStore, tenantId: string) {
  const views = [];
  for (const hold of await store.holds(tenantId)) {
    const label =
      hold.subject.kind === 'person'
        ? ((await store.person(tenantId, hold.subject.id))?.displayName ??
          'A person no longer in the directory')
        : ((await store.incidentById(tenantId, hold.subject.id))?.reference ?? 'An incident no longer held');
    views.push({
      id: hold._id.toString(),
      subject: { kind: hold.subject.kind, id: hold.subject.id.toString(), label },
      reason: hold.reason,
      placedAt: hold.placedAt,
    });
  }
  return views;
}

/** The trust admin changes a period (months, not below the kind's floor); audited with both values. */
export async function setRetentionPeriod(
  deps: RetentionDeps,
  actor: Actor,
  kind: DisposableKind,
  months: number,
): Promise<void> {
  if (!holdsTrustWide(actor, 'trust_admin')) {
    throw new AppError('forbidden', 'Only a trust admin changes retention periods.');
  }
  const rule = retentionRules[kind];
  if (months < rule.minMonths) {
    throw new AppError(
      'validation_failed',
      `${rule.label} must be kept at least ${rule.minMonths} months (${rule.basis}).`,
    );
  }
  const before = periodOf((await deps.store.settings(actor.tenantId)).periods, kind);
  await deps.store.setPeriod(actor.tenantId, kind, months);
  await appendAuditEvent(deps.models, {
    tenantId: actor.tenantId,
    actorId: actor.personId,
    action: 'retention.period_changed',
    subject: { kind: 'retention_rule', id: kind },
    details: { from: before, to: months },
    at: deps.now(),
  });
}

export type HoldSubject = { person: string } | { incident: string };

/** The DPO places a legal hold on a person (by id) or an incident (by reference); audited without the reason. */
export async function placeLegalHold(
  deps: RetentionDeps,
  actor: Actor,
  subject: HoldSubject,
  reason: string,
) {
  const now = deps.now();
  let target: { kind: 'person' | 'incident'; id: Types.ObjectId; schools: string[] };
  if ('person' in subject) {
    const person = Types.ObjectId.isValid(subject.person)
      ? await deps.store.person(actor.tenantId, new Types.ObjectId(subject.person))
      : null;
    if (!person) throw new AppError('not_found', 'There is no such person.');
    target = {
      kind: 'person',
      id: person._id,
      schools: (person.memberships ?? []).map((m) => m.schoolId.toString()),
    };
  } else {
    const incident = await deps.store.incidentByReference(actor.tenantId, subject.incident.toUpperCase());
    if (!incident) throw new AppError('not_found', `There is no incident ${subject.incident}.`);
    target = {
      kind: 'incident',
      id: incident._id,
      schools: incident.schoolId ? [incident.schoolId.toString()] : [],
    };
  }
  assertDpo(actor, target.schools);
  if (await deps.store.activeHoldOn(actor.tenantId, target.kind, target.id)) {
    throw new AppError('already_exists', `That ${target.kind} is already under a legal hold.`);
  }
  const hold = await deps.store.placeHold({
    tenantId: actor.tenantId,
    subject: { kind: target.kind, id: target.id },
    reason,
    placedBy: actor.personId,
    placedAt: now,
  });
  // A retention run already under way may have marked these records before reading the holds.
  await deps.store.releaseFromDisposal(actor.tenantId, target.kind, target.id);
  await appendAuditEvent(deps.models, {
    tenantId: actor.tenantId,
    actorId: actor.personId,
    action: 'retention.hold_placed',
    subject: { kind: target.kind, id: target.id.toString() },
    details: { holdId: hold._id.toString() },
    at: now,
  });
  return { id: hold._id.toString() };
}

/** The DPO lifts a hold; the records it kept follow the schedule again from the next run. */
export async function liftLegalHold(deps: RetentionDeps, actor: Actor, holdId: string): Promise<void> {
  const id = Types.ObjectId.isValid(holdId) ? new Types.ObjectId(holdId) : undefined;
  const hold = id ? (await deps.store.holds(actor.tenantId)).find((h) => h._id.equals(id)) : undefined;
  if (!hold || !id) throw new AppError('not_found', 'There is no such legal hold in force.');
  const schools =
    hold.subject.kind === 'person'
      ? ((await deps.store.person(actor.tenantId, hold.subject.id))?.memberships ?? []).map((m) =>
          m.schoolId.toString(),
        )
      : [];
  assertDpo(actor, schools);
  const now = deps.now();
  const lifted = await deps.store.liftHold(actor.tenantId, id, actor.personId, now);
  if (!lifted) throw new AppError('not_found', 'There is no such legal hold in force.');
  await appendAuditEvent(deps.models, {
    tenantId: actor.tenantId,
    actorId: actor.personId,
    action: 'retention.hold_lifted',
    subject: { kind: hold.subject.kind, id: hold.subject.id.toString() },
    details: { holdId },
    at: now,
  });
}

/** People by name, for the DPO and the trust admin to choose whom to hold or export. */
export async function findPeopleForRetention(deps: RetentionDeps, actor: Actor, text: string | undefined) {
  assertMaySeeRetention(actor);
  const people = await deps.store.findPeople(actor.tenantId, text, 20);
  return people.map((p) => ({
    id: p._id.toString(),
    displayName: p.displayName,
    email: p.email ?? null,
    active: p.active,
    deactivatedAt: p.deactivatedAt ?? null,
  }));
}
