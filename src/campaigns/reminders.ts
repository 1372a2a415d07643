import type { Types } from 'mongoose';
import { anyOf, atOrBefore, before, notEqual, unset } from '../store/filters';
import type { Person } from '../directory';
import type { Logger } from '../logger';
import type { Policy, PolicyVersion } from '../policies';
import type { Models } from '../store/models';
import { recipientFields, type Recipient } from './audience';
import type { Campaign, Delivery } from './model';
import type { PolicyCardSender } from './ports';
import { dayKey } from '../shared/time';
import { nextReminderAt, withinWindow, type ReminderWindow } from './schedule';

export interface ReminderDeps {
  models: Pick<Models, 'Campaign' | 'Delivery' | 'Person' | 'Policy' | 'PolicyVersion' | 'RoleAssignment'>;
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
  const campaigns = await models.Campaign.find({ status: 'running' }).lean<Campaign[]>();
  const found: Running[] = [];
  for (const campaign of campaigns) {
    const [policy, version] = await Promise.all([
      models.Policy.findById(campaign.policyId).lean<Policy>(),
      models.PolicyVersion.findById(campaign.policyVersionId).lean<PolicyVersion>(),
    ]);
    if (policy && version) found.push({ campaign, policy, version });
  }
  return found;
}

/**
 * Sends the reminders that are due, within school hours only; signing clears a person's next
 * reminder, so nobody who has signed is chased. Returns how many were sent.
 */
export async function sendDueReminders(deps: ReminderDeps): Promise<number> {
  const now = deps.now();
  if (!withinWindow(now, deps.window)) return 0;
  let sent = 0;
  for (const running of await runningCampaigns(deps.models)) {
    const due = await deps.models.Delivery.find({
      campaignId: running.campaign._id,
      status: 'sent',
      signedAt: unset(),
      nextReminderAt: atOrBefore(now),
    }).lean<Delivery[]>();
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
  const claimed = await deps.models.Delivery.updateOne(
    {
      _id: delivery._id,
      remindersSent: delivery.remindersSent,
      signedAt: unset(),
    },
    { $set: { nextReminderAt: next }, $inc: { remindersSent: 1 } },
  );
  if (claimed.modifiedCount !== 1) return false;
  const person = await deps.models.Person.findById(delivery.personId)
    .select(recipientFields)
    .lean<Recipient>();
  if (!person?.active || !person.conversation) return false;
  const outcome = await deps.cards.sendPolicyCard({ person, ...running, delivery, reminder: true });
  if (outcome.status !== 'sent') {
    await deps.models.Delivery.updateOne(
      { _id: delivery._id },
      {
        $set: {
          lastError: outcome.error.slice(0, 500),
          ...(outcome.status === 'blocked' ? { status: 'blocked' } : {}),
        },
      },
    );
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
  const campaign = await deps.models.Campaign.findOne({
    policyVersionId,
    status: 'running',
  }).lean<Campaign>();
  if (!campaign) return 0;
  const running = (await runningCampaigns(deps.models)).find((r) => r.campaign._id.equals(campaign._id));
  if (!running) return 0;
  const filter = {
    campaignId: campaign._id,
    status: 'sent',
    signedAt: unset(),
    ...(personIds ? { personId: anyOf(personIds) } : {}),
  };
  let sent = 0;
  for (const delivery of await deps.models.Delivery.find(filter).lean<Delivery[]>()) {
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
    const claimed = await deps.models.Campaign.updateOne(
      { _id: running.campaign._id, escalatedOn: notEqual(today) },
      { $set: { escalatedOn: today } },
    );
    if (claimed.modifiedCount !== 1) continue;
    const overdue = await deps.models.Delivery.find({
      campaignId: running.campaign._id,
      dueAt: before(now),
      signedAt: unset(),
      status: anyOf(['sent', 'failed', 'blocked', 'pending']),
    }).lean<Delivery[]>();
    if (overdue.length === 0) continue;
    const people = await deps.models.Person.find({ _id: anyOf(overdue.map((d) => d.personId)) })
      .select(recipientFields)
      .lean<Recipient[]>();
    summaries += await summariseBySchool(deps, running, overdue, people);
    summaries += await summariseByManager(deps, running, overdue, people);
  }
  return summaries;
}

async function summariseBySchool(
  deps: ReminderDeps,
  running: Running,
  overdue: Delivery[],
  people: Recipient[],
): Promise<number> {
  const dueByPerson = new Map(overdue.map((d) => [d.personId.toString(), d.dueAt]));
  const bySchool = new Map<string, { displayName: string; dueAt: Date }[]>();
  for (const person of people) {
    for (const key of person.membershipKeys) {
      const school = key.split(':')[0]!;
      const list = bySchool.get(school) ?? [];
      if (!list.some((p) => p.displayName === person.displayName)) {
        list.push({ displayName: person.displayName, dueAt: dueByPerson.get(person._id.toString())! });
      }
      bySchool.set(school, list);
    }
  }
  let sent = 0;
  for (const [school, list] of bySchool) {
    const heads = await deps.models.RoleAssignment.find({
      tenantId: running.campaign.tenantId,
      role: 'headteacher',
      scopeKey: school,
    }).lean();
    const recipients = await deps.models.Person.find({
      _id: anyOf(heads.map((h) => h.personId)),
      active: true,
    }).lean<Person[]>();
    for (const head of recipients.filter((h) => h.conversation)) {
      const outcome = await deps.cards.sendOverdueSummary({
        to: head,
        ...running,
        overdue: list,
        scope: 'school',
      });
      if (outcome.status === 'sent') sent += 1;
    }
  }
  return sent;
}

async function summariseByManager(
  deps: ReminderDeps,
  running: Running,
  overdue: Delivery[],
  people: Recipient[],
): Promise<number> {
  const dueByPerson = new Map(overdue.map((d) => [d.personId.toString(), d.dueAt]));
  const byManager = new Map<string, { displayName: string; dueAt: Date }[]>();
  for (const person of people.filter((p) => p.managerEntraObjectId)) {
    const list = byManager.get(person.managerEntraObjectId!) ?? [];
    list.push({ displayName: person.displayName, dueAt: dueByPerson.get(person._id.toString())! });
    byManager.set(person.managerEntraObjectId!, list);
  }
  let sent = 0;
  for (const [managerObjectId, list] of byManager) {
    const manager = await deps.models.Person.findOne({
      tenantId: running.policy.tenantId,
      entraObjectId: managerObjectId,
      active: true,
    }).lean<Person>();
    if (!manager?.conversation) continue;
    const outcome = await deps.cards.sendOverdueSummary({
      to: manager,
      ...running,
      overdue: list,
      scope: 'team',
    });
    if (outcome.status === 'sent') sent += 1;
  }
  return sent;
}
