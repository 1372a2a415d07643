import type { Types } from 'mongoose';
import { findActivePersonByEntraId, findPersonById, holdersAt, peopleByIds, type Person } from '../directory';
import type { Logger } from '../logger';
import { policyWithVersion, type Policy, type PolicyVersion } from '../policies';
import type { Models } from '../store/models';
import { recipientFields, type Recipient } from './audience';
import type { Campaign, Delivery } from './model';
import type { PolicyCardSender } from './ports';
import {
  claimEscalationDay,
  claimReminder,
  deliveriesToRemind,
  overdueDeliveries,
  recordDeliveryOutcome,
  runningCampaignOf,
  runningCampaignsOf,
  withoutSigners,
} from './store';
import { dayKey } from '../shared/time';
import { nextReminderAt, withinWindow, type ReminderWindow } from './schedule';

export interface ReminderDeps {
  models: Pick<
    Models,
    'Campaign' | 'Delivery' | 'Acknowledgement' | 'Person' | 'Policy' | 'PolicyVersion' | 'RoleAssignment'
  >;
  cards: PolicyCardSender;
  logger: Logger;
  now: () => Date;
  window: ReminderWindow;
}

interface Running {
  campaign: Campaign;
  policy: Policy;
  version: PolicyVersion;
}

async function runningCampaigns(models: ReminderDeps['models']): Promise<Running[]> {
  const found: Running[] = [];
  for (const campaign of await runningCampaignsOf(models)) {
    const policy = await policyWithVersion(models, campaign.policyId, campaign.policyVersionId);
    if (policy) found.push({ campaign, ...policy });
  }
  return found;
}

/**
 * Sends the reminders that are due, within school hours only; the signatures of the people due are
 * read first, so nobody who has signed is chased. Returns how many were sent.
 */
export async function sendDueReminders(deps: ReminderDeps): Promise<number> {
  const now = deps.now();
  if (!withinWindow(now, deps.window)) return 0;
  let sent = 0;
  for (const running of await runningCampaigns(deps.models)) {
    const due = await withoutSigners(
      deps.models,
      await deliveriesToRemind(deps.models, running.campaign._id, { dueBy: now }),
    );
    for (const delivery of due) {
      if (await remindOne(deps, running, delivery, now)) sent += 1;
    }
  }
  return sent;
}

async function remindOne(
  deps: ReminderDeps,
  running: Running,
  delivery: Delivery,
  now: Date,
): Promise<boolean> {
  // Claim this reminder first (one atomic update), so two workers never both send it.
  const next = nextReminderAt(
    delivery.sentAt ?? now,
    delivery.dueAt,
    delivery.remindersSent + 1,
    running.campaign.reminderDays,
    deps.window.timeZone,
  );
  if (!(await claimReminder(deps.models, delivery, next))) return false;
  const person = await findPersonById<Recipient>(deps.models, delivery.personId, recipientFields);
  if (!person?.active || !person.conversation) return false;
  const outcome = await deps.cards.sendPolicyCard({ person, ...running, delivery, reminder: true });
  if (outcome.status !== 'sent') {
    await recordDeliveryOutcome(deps.models, delivery._id, {
      error: outcome.error,
      ...(outcome.status === 'blocked' ? { status: 'blocked' as const } : {}),
    });
    return false;
  }
  return true;
}

/** Reminds the named people now (the tab's "remind"), whatever their schedule; returns how many. */
export async function remindNow(
  deps: ReminderDeps,
  policyVersionId: Types.ObjectId,
  personIds: readonly Types.ObjectId[] | undefined,
): Promise<number> {
  const campaign = await runningCampaignOf(deps.models, policyVersionId);
  if (!campaign) return 0;
  const running = (await runningCampaigns(deps.models)).find((r) => r.campaign._id.equals(campaign._id));
  if (!running) return 0;
  let sent = 0;
  const due = await withoutSigners(
    deps.models,
    await deliveriesToRemind(deps.models, campaign._id, { personIds }),
  );
  for (const delivery of due) {
    if (await remindOne(deps, running, delivery, deps.now())) sent += 1;
  }
  return sent;
}

/**
 * Once a school day, tells each school's headteacher (and each line manager Conduct knows of) who
 * is overdue. The campaign's `escalatedOn` day is claimed atomically so the summary goes once.
 */
export async function escalateOverdue(deps: ReminderDeps): Promise<number> {
  const now = deps.now();
  if (!withinWindow(now, deps.window)) return 0;
  const today = dayKey(now, deps.window.timeZone);
  let summaries = 0;
  for (const running of await runningCampaigns(deps.models)) {
    if (!(await claimEscalationDay(deps.models, running.campaign._id, today))) continue;
    const overdue = await withoutSigners(
      deps.models,
      await overdueDeliveries(deps.models, running.campaign._id, now),
    );
    if (overdue.length === 0) continue;
    const people = await peopleByIds<Recipient>(
      deps.models,
      overdue.map((d) => d.personId),
      recipientFields,
    );
    const listed = overdueNames(overdue);
    const headsAt = async (school: string) =>
      (await holdersAt(deps.models, running.campaign.tenantId, ['headteacher'], [school])).filter(
        (h) => h.conversation,
      );
    const managerOf = async (managerObjectId: string) => {
      const manager = await findActivePersonByEntraId(deps.models, running.policy.tenantId, managerObjectId);
      return manager?.conversation ? [manager] : [];
    };
    const bySchool = overdueBy(people, listed, (p) => p.membershipKeys.map((key) => key.split(':')[0]!));
    const byManager = overdueBy(people, listed, (p) =>
      p.managerEntraObjectId ? [p.managerEntraObjectId] : [],
    );
    summaries += await sendSummaries(deps, running, 'school', bySchool, headsAt);
    summaries += await sendSummaries(deps, running, 'team', byManager, managerOf);
  }
  return summaries;
}

/** The overdue people listed under each of their groups (their schools, their line manager), once in each. */
function overdueBy(
  people: Recipient[],
  listed: (person: Recipient) => OverdueName,
  groupsOf: (person: Recipient) => string[],
): Map<string, OverdueName[]> {
  const groups = new Map<string, OverdueName[]>();
  for (const person of people) {
    for (const group of new Set(groupsOf(person))) {
      const list = groups.get(group) ?? [];
      list.push(listed(person));
      groups.set(group, list);
    }
  }
  return groups;
}

type OverdueName = { displayName: string; dueAt: Date };

/** How an overdue person is listed in a summary: their name and when their card was due. */
function overdueNames(overdue: Delivery[]): (person: Recipient) => OverdueName {
  const dueByPerson = new Map(overdue.map((d) => [d.personId.toString(), d.dueAt]));
  return (person) => ({ displayName: person.displayName, dueAt: dueByPerson.get(person._id.toString())! });
}

/** Sends each group's list to the group's recipients, with conversations; how many summaries were sent. */
async function sendSummaries(
  deps: ReminderDeps,
  running: Running,
  scope: 'school' | 'team',
  groups: Map<string, OverdueName[]>,
  recipientsOf: (group: string) => Promise<Pick<Person, 'conversation' | 'displayName'>[]>,
): Promise<number> {
  let sent = 0;
  for (const [group, list] of groups) {
    for (const to of await recipientsOf(group)) {
      const outcome = await deps.cards.sendOverdueSummary({ to, ...running, overdue: list, scope });
      if (outcome.status === 'sent') sent += 1;
    }
  }
  return sent;
}
