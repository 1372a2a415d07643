import type { Types } from 'mongoose';
import { appendAuditEvent } from '../audit';
import { AppError } from '../errors';
import type { Models } from '../store/models';
import { recordReachFailure, storeConversation, unreachablePeople } from './store';
import type { DirectoryGraph } from './graph-client';
import type { Person } from './model';

export interface ReachDeps {
  readonly models: Pick<Models, 'Person' | 'AuditEvent' | 'AuditHead'>;
  readonly graph: Pick<DirectoryGraph, 'installApp' | 'installedAppChat'>;
  /** Conduct's id in the tenant's Teams app catalog. */
  readonly teamsAppCatalogId: string | undefined;
  /** Stored with each conversation: Graph gives the chat id, not the Bot Connector address. */
  readonly botServiceUrl: string;
  readonly botAppId?: string | undefined;
  /** People worked on at once; the Graph client's rate limit sets the actual pace. */
  readonly concurrency?: number;
  readonly now?: () => Date;
}

export interface ReachFailure {
  readonly personId: Types.ObjectId;
  readonly displayName: string;
  readonly reason: string;
}

export interface ReachReport {
  readonly startedAt: Date;
  readonly finishedAt: Date;
  /** Active people who had no conversation stored. */
  readonly attempted: number;
  readonly installed: number;
  readonly alreadyInstalled: number;
  /** Conversations stored by this run. */
  readonly reached: number;
  readonly failed: number;
  /** The first failures, with their reasons; every failure is also stored on the person. */
  readonly failures: readonly ReachFailure[];
}

type Target = Pick<Person, '_id' | 'entraObjectId' | 'displayName'>;
type Outcome =
  { kind: 'reached'; install: 'installed' | 'already-installed' } | { kind: 'failed'; reason: string };

const maxReportedFailures = 200;

/**
 * Reaches every active person Conduct cannot yet message: installs the Teams app for them through
 * Graph (409, already installed, counts as success), then stores the 1:1 chat as their conversation.
 * A person Graph refuses gets the reason recorded, to show the IT manager.
 */
export async function reachPeople(
  deps: ReachDeps,
  tenantId: string,
  options: { actorId?: Types.ObjectId; limit?: number } = {},
): Promise<ReachReport> {
  const catalogId = deps.teamsAppCatalogId;
  if (!catalogId) {
    throw new AppError(
      'unavailable',
      'Conduct cannot install itself for people until TEAMS_APP_CATALOG_ID is set to its id in your Teams app catalog.',
    );
  }
  const now = deps.now ?? (() => new Date());
  const startedAt = now();
  const targets = await unreachablePeople<Target>(deps.models, tenantId, options.limit ?? 10_000);

  const outcomes = await inPool(targets, deps.concurrency ?? 10, (target) =>
    reachOne(deps, tenantId, catalogId, target, now),
  );

  const report = summarise(targets, outcomes, startedAt, now());
  await appendAuditEvent(deps.models, {
    tenantId,
    actorId: options.actorId,
    action: 'directory.reached',
    subject: { kind: 'directory', id: tenantId },
    details: { attempted: report.attempted, reached: report.reached, failed: report.failed },
    at: report.finishedAt,
  });
  return report;
}

async function reachOne(
  deps: ReachDeps,
  tenantId: string,
  catalogId: string,
  target: Target,
  now: () => Date,
): Promise<Outcome> {
  const person = { tenantId, entraObjectId: target.entraObjectId };
  const install = await deps.graph.installApp(target.entraObjectId, catalogId);
  if (install.outcome === 'failed') {
    const reason = installFailureReason(install.status, install.code);
    await recordReachFailure(deps.models, person, { reason, status: install.status, at: now() });
    return { kind: 'failed', reason };
  }
  const chat = await deps.graph.installedAppChat(target.entraObjectId, catalogId);
  if (!('chatId' in chat)) {
    const reason = `Conduct was installed but Teams did not give its chat yet (HTTP ${chat.status}); Conduct will try again at the next run`;
    await recordReachFailure(deps.models, person, { reason, status: chat.status, at: now() });
    return { kind: 'failed', reason };
  }
  await storeConversation(deps.models, person, {
    id: chat.chatId,
    serviceUrl: deps.botServiceUrl,
    tenantId,
    botId: deps.botAppId ? `28:${deps.botAppId}` : undefined,
    channelId: 'msteams',
    storedAt: now(),
  });
  return { kind: 'reached', install: install.outcome };
}

function installFailureReason(status: number, code: string): string {
  if (status === 403) return 'Teams app installation blocked by policy or no Teams licence';
  if (status === 404) return 'Not found in Microsoft 365 (the account may have been removed)';
  if (status === 429 || status >= 500)
    return 'Microsoft Graph was busy; Conduct will try again at the next run';
  return `Microsoft Graph refused the installation (HTTP ${status}${code ? `, ${code}` : ''})`;
}

/** Runs `work` over the items, `size` at a time. An unexpected error stops new work and is rethrown. */
async function inPool<T, R>(items: readonly T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (!failure && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index]!);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
  if (failure) throw failure.error;
  return results;
}

function summarise(targets: Target[], outcomes: Outcome[], startedAt: Date, finishedAt: Date): ReachReport {
  const failures = outcomes.flatMap((outcome, i) =>
    outcome.kind === 'failed'
      ? [{ personId: targets[i]!._id, displayName: targets[i]!.displayName, reason: outcome.reason }]
      : [],
  );
  const reached = outcomes.filter((o) => o.kind === 'reached');
  return {
    startedAt,
    finishedAt,
    attempted: targets.length,
    installed: reached.filter((o) => o.install === 'installed').length,
    alreadyInstalled: reached.filter((o) => o.install === 'already-installed').length,
    reached: reached.length,
    failed: failures.length,
    failures: failures.slice(0, maxReportedFailures),
  };
}
