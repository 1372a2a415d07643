import { randomUUID } from 'node:crypto';
import { appendAuditEvent } from '../audit';
import type { Logger } from '../logger';
import type { Models } from '../store/models';
import { cutoffFor, disposableKinds, retentionRules, type DisposableKind } from './schedule';
import type { ActiveHolds, DueRecord, RetentionStore } from './store';

export const retentionJob = 'retention.dispose';

export interface RetentionRunDeps {
  readonly store: RetentionStore;
  readonly models: Pick<Models, 'AuditEvent' | 'AuditHead'>;
  readonly logger: Logger;
  readonly now: () => Date;
  /** Called after a kind's holds are read and before its records go (tests place a hold here). */
  readonly beforeDisposing?: (kind: DisposableKind) => Promise<void>;
}

/** The period in force for a kind: the trust admin's, or the schedule's default. */
export function periodOf(periods: Record<string, number>, kind: DisposableKind): number {
  const months = periods[kind];
  return typeof months === 'number' && months >= retentionRules[kind].minMonths
    ? months
    : retentionRules[kind].defaultMonths;
}

/** Whether a legal hold keeps the record: a hold on it (an incident) or on anyone it names. */
export function isHeld(kind: DisposableKind, record: DueRecord, holds: ActiveHolds): boolean {
  if ((kind === 'incident' || kind === 'safeguarding-concern') && holds.incidents.has(record.id.toString()))
    return true;
  return record.people.some((person) => holds.people.has(person));
}

export interface KindOutcome {
  readonly kind: DisposableKind;
  readonly disposed: number;
  readonly held: number;
}

/**
 * One tenant's run: for each kind, what the schedule has reached is deleted or anonymised unless a
 * legal hold keeps it, and the trail gets one event per kind with the counts (no names, no ids of
 * what went). Without transactions, a hold placed while the job runs is honoured by marking: the
 * due records are marked for this run, then the holds are read, and only records still marked go;
 * placing a hold clears the marks of what it covers. So a hold placed before the delete keeps its
 * records, whenever the job read the holds.
 */
export async function runRetentionFor(deps: RetentionRunDeps, tenantId: string): Promise<KindOutcome[]> {
  const now = deps.now();
  const { periods } = await deps.store.settings(tenantId);
  const outcomes: KindOutcome[] = [];
  for (const kind of disposableKinds) {
    const months = periodOf(periods, kind);
    const due = await deps.store.due(kind, tenantId, cutoffFor(now, months));
    if (due.length === 0) {
      outcomes.push({ kind, disposed: 0, held: 0 });
      continue;
    }
    const run = `${now.toISOString()}:${kind}:${randomUUID()}`;
    await deps.store.markForDisposal(
      kind,
      tenantId,
      due.map((record) => record.id),
      run,
    );
    const holds = await deps.store.activeHolds(tenantId);
    const free = due.filter((record) => !isHeld(kind, record, holds));
    await deps.beforeDisposing?.(kind);
    const disposed = await deps.store.dispose(
      kind,
      tenantId,
      free.map((record) => record.id),
      now,
      run,
    );
    await deps.store.unmark(
      kind,
      tenantId,
      due.map((record) => record.id),
      run,
    );
    const held = due.length - disposed;
    await appendAuditEvent(deps.models, {
      tenantId,
      action: 'retention.disposed',
      subject: { kind: 'retention_rule', id: kind },
      details: { action: retentionRules[kind].action, count: disposed, heldBack: held, months },
      at: now,
    });
    outcomes.push({ kind, disposed, held });
  }
  await deps.store.recordRun(
    tenantId,
    now,
    Object.fromEntries(outcomes.map((o) => [o.kind, o.disposed])),
    Object.fromEntries(outcomes.map((o) => [o.kind, o.held])),
  );
  return outcomes;
}

/** Every tenant's run, logged with counts only. */
export async function runRetention(deps: RetentionRunDeps): Promise<Record<string, KindOutcome[]>> {
  const log = deps.logger.child({ component: 'retention' });
  const results: Record<string, KindOutcome[]> = {};
  for (const tenantId of await deps.store.tenants()) {
    const outcomes = await runRetentionFor(deps, tenantId);
    results[tenantId] = outcomes;
    log.info(
      {
        tenantId,
        disposed: Object.fromEntries(outcomes.map((o) => [o.kind, o.disposed])),
        held: Object.fromEntries(outcomes.map((o) => [o.kind, o.held])),
      },
      'retention run',
    );
  }
  return results;
}
