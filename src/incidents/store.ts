// The incidents' data: reports and the reports being made in the bot (intakes). The only code that
// reads or writes those collections.
import type { FilterQuery, Types } from 'mongoose';
import { isSet, noneOf, unset } from '../store/filters';
import type { Models } from '../store/models';
import type { Intake } from './intake-model';
import type { Incident } from './model';

type Incidents = Pick<Models, 'Incident'>;
type Intakes = Pick<Models, 'Intake'>;

/** A line of a report's timeline, as stored (a note in clear or sealed). */
export type TimelineEntry = Incident['timeline'][number] | Record<string, unknown>;

/** Fields lists never read: the sealed text (and, for the reporter's own list, more; see myReports). */
const withoutSealed = { sealedNarrative: 0, sealedOutcome: 0 } as const;

// Reports

/** A report of the tenant, or undefined. */
export async function findIncident(
  models: Incidents,
  tenantId: string,
  incidentId: string,
): Promise<Incident | undefined> {
  return (await models.Incident.findOne({ _id: incidentId, tenantId }).lean<Incident>()) ?? undefined;
}

/** A report by id, or undefined. */
export async function incidentById(
  models: Incidents,
  incidentId: Types.ObjectId,
): Promise<Incident | undefined> {
  return (await models.Incident.findById(incidentId).lean<Incident>()) ?? undefined;
}

/** A report by its reference (INC-2026-0042), or undefined. */
export async function incidentByReference(
  models: Incidents,
  reference: string,
): Promise<Incident | undefined> {
  return (await models.Incident.findOne({ reference }).lean<Incident>()) ?? undefined;
}

/** Stores a new report; a reference already used fails with a duplicate-key error. */
export async function insertIncident(models: Incidents, incident: Partial<Incident>): Promise<Incident> {
  return (await models.Incident.create(incident)).toObject();
}

/** Adds lines to a report's timeline. */
export async function appendTimeline(
  models: Incidents,
  incidentId: Types.ObjectId,
  entries: readonly TimelineEntry[],
): Promise<void> {
  await models.Incident.updateOne({ _id: incidentId }, { $push: { timeline: { $each: entries } } });
}

/**
 * Gives an unowned report to the person: a new one becomes triaged as well (both on the timeline),
 * one already moved on keeps its status. False when someone else took it first.
 */
export async function takeOwnership(
  models: Incidents,
  incidentId: Types.ObjectId,
  ownerId: Types.ObjectId,
  at: Date,
): Promise<boolean> {
  const entry = { at, by: ownerId, what: 'claimed' };
  const unowned = { _id: incidentId, ownerId: unset() };
  const triaged = await models.Incident.updateOne(
    { ...unowned, status: 'new' },
    {
      $set: { ownerId, status: 'triaged' },
      $push: { timeline: { $each: [entry, { at, by: ownerId, what: 'status:triaged' }] } },
    },
  );
  if (triaged.modifiedCount === 1) return true;
  const owned = await models.Incident.updateOne(unowned, { $set: { ownerId }, $push: { timeline: entry } });
  return owned.modifiedCount === 1;
}

/** Changes a report still in the status it was read in, with its timeline lines; false when it moved meanwhile. */
export async function changeIncidentFrom(
  models: Incidents,
  incident: Pick<Incident, '_id' | 'status'>,
  set: Record<string, unknown>,
  entries: readonly TimelineEntry[],
): Promise<boolean> {
  const result = await models.Incident.updateOne(
    { _id: incident._id, status: incident.status },
    { $set: set, $push: { timeline: { $each: entries } } },
  );
  return result.modifiedCount === 1;
}

/** Records the decision on a breach, once; false when it was already recorded. */
export async function decideBreachOnce(
  models: Incidents,
  incidentId: Types.ObjectId,
  decision: Record<string, unknown>,
  entry: TimelineEntry,
): Promise<boolean> {
  const result = await models.Incident.updateOne(
    { _id: incidentId, 'breach.decision': unset() },
    { $set: { 'breach.decision': decision }, $push: { timeline: entry } },
  );
  return result.modifiedCount === 1;
}

/**
 * Changes a report only if it still matches the filter (one atomic update), so what a job does
 * happens once: the report as changed, or undefined when another worker did it first.
 */
async function markOnce(
  models: Incidents,
  filter: FilterQuery<Incident>,
  update: Record<string, unknown>,
): Promise<Incident | undefined> {
  return (
    (await models.Incident.findOneAndUpdate(filter, update, { new: true }).lean<Incident>()) ?? undefined
  );
}

/** Marks a report as notified, once. */
export const markNotified = (models: Incidents, incidentId: Types.ObjectId, at: Date) =>
  markOnce(models, { _id: incidentId, notifiedAt: unset() }, { $set: { notifiedAt: at } });

/** Marks a report still new and unowned as escalated, once. */
export const markEscalated = (models: Incidents, incidentId: Types.ObjectId, at: Date) =>
  markOnce(
    models,
    { _id: incidentId, status: 'new', ownerId: unset(), escalatedAt: unset() },
    { $set: { escalatedAt: at } },
  );

/** Records that the breach reminder of this hour went, once, while no decision is recorded. */
export const markBreachReminder = (models: Incidents, incidentId: Types.ObjectId, hour: number) =>
  markOnce(
    models,
    { _id: incidentId, breach: isSet(), 'breach.decision': unset(), 'breach.remindersSent': noneOf([hour]) },
    { $push: { 'breach.remindersSent': hour } },
  );

/** How many reports match the filter. */
export function countIncidents(models: Incidents, filter: FilterQuery<Incident>): Promise<number> {
  return models.Incident.countDocuments(filter);
}

/** A page of the reports matching the filter, newest first, without sealed text. */
export function incidentPage(
  models: Incidents,
  filter: FilterQuery<Incident>,
  skip: number,
  limit: number,
): Promise<Incident[]> {
  return models.Incident.find(filter)
    .sort({ reportedAt: -1, _id: -1 })
    .skip(skip)
    .limit(limit)
    .select(withoutSealed)
    .lean<Incident[]>();
}

/** A person's own reports, newest first: never the safeguarding detail, the outcome or the answers. */
export function reportsBy(
  models: Incidents,
  tenantId: string,
  reporterId: Types.ObjectId,
  limit: number,
): Promise<Incident[]> {
  return models.Incident.find({ tenantId, reporterId })
    .sort({ reportedAt: -1, _id: -1 })
    .limit(limit)
    .select({ ...withoutSealed, outcome: 0, fields: 0 })
    .lean<Incident[]>();
}

// Intakes (one per person)

/** The report the person is in the middle of, if any. */
export async function findIntake(
  models: Intakes,
  tenantId: string,
  personId: Types.ObjectId,
): Promise<Intake | undefined> {
  return (await models.Intake.findOne({ tenantId, personId }).lean<Intake>()) ?? undefined;
}

/** An intake by id, or undefined (sent or cancelled meanwhile). */
export async function intakeById(models: Intakes, intakeId: Types.ObjectId): Promise<Intake | undefined> {
  return (await models.Intake.findById(intakeId).lean<Intake>()) ?? undefined;
}

/** Starts the person's intake afresh, replacing any they had. */
export async function replaceIntake(
  models: Intakes,
  intake: Omit<Intake, '_id'> | Record<string, unknown>,
  person: { tenantId: string; personId: Types.ObjectId },
): Promise<void> {
  await models.Intake.replaceOne({ tenantId: person.tenantId, personId: person.personId }, intake, {
    upsert: true,
  });
}

/**
 * Drops an intake that is not being sent (no reference taken yet); false when it was sent,
 * cancelled or started sending since it was read.
 */
export async function deleteUnsentIntake(models: Intakes, intakeId: Types.ObjectId): Promise<boolean> {
  const removed = await models.Intake.deleteOne({ _id: intakeId, reference: unset() });
  return removed.deletedCount === 1;
}

/** Drops an intake by id (its report is written). */
export async function deleteIntake(models: Intakes, intakeId: Types.ObjectId): Promise<void> {
  await models.Intake.deleteOne({ _id: intakeId });
}

/** Sets fields of an intake whatever its revision (a timestamp that no answer depends on). */
export async function touchIntake(
  models: Intakes,
  intakeId: Types.ObjectId,
  set: Record<string, unknown>,
): Promise<void> {
  await models.Intake.updateOne({ _id: intakeId }, { $set: set });
}

/**
 * Writes a change if nobody else has since the intake was read (its revision), so two answers
 * sent at once cannot both land on the same question; false when another got there first.
 */
export async function reviseIntake(
  models: Intakes,
  intake: Pick<Intake, '_id' | 'revision'>,
  set: Record<string, unknown>,
  unsetFields: readonly string[] = [],
): Promise<boolean> {
  const result = await models.Intake.updateOne(
    { _id: intake._id, revision: intake.revision },
    {
      $set: set,
      $inc: { revision: 1 },
      ...(unsetFields.length ? { $unset: Object.fromEntries(unsetFields.map((key) => [key, 1])) } : {}),
    },
  );
  return result.modifiedCount === 1;
}
