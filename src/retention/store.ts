import type { Types } from 'mongoose';
import type { Document, Filter } from 'mongodb';
import { anyOf, before, containing, unset } from '../store/filters';
import type { Models } from '../store/models';
import type { LegalHold, RetentionSettings } from './model';
import type { DisposableKind } from './schedule';

export type RetentionModels = Pick<
  Models,
  | 'RetentionSettings'
  | 'LegalHold'
  | 'Incident'
  | 'Person'
  | 'RoleAssignment'
  | 'Acknowledgement'
  | 'Delivery'
  | 'Intake'
  | 'PermissionRequest'
  | 'PermissionDraft'
>;

/** A record's id: an ObjectId, or the string id of a permission draft (tenant and person). */
export type RecordId = Types.ObjectId | string;

/** A record the schedule has reached, with what the legal-hold check and the tab need. */
export interface DueRecord {
  readonly id: RecordId;
  /** When its clock started. */
  readonly from: Date;
  /** The people it names (held people keep it). */
  readonly people: readonly string[];
  /** What the tab shows of it (a reference, a name); absent where nothing may be shown. */
  readonly label?: string;
}

/** Active holds of one tenant, as sets of ids. */
export interface ActiveHolds {
  readonly people: ReadonlySet<string>;
  readonly incidents: ReadonlySet<string>;
}

/** An `_id` clause for ids of either shape (the driver's filters type `_id` as an ObjectId). */
const idIn = (ids: readonly RecordId[]): Filter<Document> => ({ _id: { $in: [...ids] } }) as Filter<Document>;

const chunk = 500;

function* chunks<T>(items: readonly T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += chunk) yield items.slice(i, i + chunk);
}

/** The retention store: settings, legal holds, and finding and disposing of what is due. */
export function retentionStore(models: RetentionModels) {
  const leftBefore = async (tenantId: string, cutoff: Date, anonymised?: 'not-yet') =>
    models.Person.find({
      tenantId,
      active: false,
      deactivatedAt: before(cutoff),
      ...(anonymised ? { anonymisedAt: unset() } : {}),
    })
      .select({ _id: 1, displayName: 1, deactivatedAt: 1 })
      .lean<{ _id: Types.ObjectId; displayName: string; deactivatedAt: Date }[]>();

  /** Records of a per-person collection belonging to people who left before the cutoff. */
  const ofLeavers = async (
    tenantId: string,
    cutoff: Date,
    collection: 'Acknowledgement' | 'Delivery',
  ): Promise<DueRecord[]> => {
    const people = await leftBefore(tenantId, cutoff);
    const leftAt = new Map(people.map((p) => [p._id.toString(), p.deactivatedAt]));
    const found: DueRecord[] = [];
    for (const ids of chunks(people.map((p) => p._id))) {
      const records = await models[collection].collection
        .find({ tenantId, personId: { $in: ids } }, { projection: { _id: 1, personId: 1 } })
        .toArray();
      for (const record of records) {
        const person = String(record.personId);
        found.push({ id: record._id, from: leftAt.get(person)!, people: [person] });
      }
    }
    return found;
  };

  const closedIncidents = async (
    tenantId: string,
    cutoff: Date,
    restricted: boolean,
  ): Promise<DueRecord[]> => {
    const incidents = await models.Incident.find({
      tenantId,
      restricted,
      status: 'closed',
      closedAt: before(cutoff),
    })
      .select({ _id: 1, reference: 1, closedAt: 1, reporterId: 1, ownerId: 1, 'timeline.by': 1 })
      .lean<
        {
          _id: Types.ObjectId;
          reference: string;
          closedAt: Date;
          reporterId: Types.ObjectId;
          ownerId?: Types.ObjectId;
          timeline?: { by?: Types.ObjectId }[];
        }[]
      >();
    return incidents.map((incident) => ({
      id: incident._id,
      from: incident.closedAt,
      people: [
        ...new Set(
          [incident.reporterId, incident.ownerId, ...(incident.timeline ?? []).map((t) => t.by)]
            .filter((id): id is Types.ObjectId => id !== undefined && id !== null)
            .map(String),
        ),
      ],
      // A concern about a child is not named outside the safeguarding leads: the tab counts it only.
      ...(restricted ? {} : { label: incident.reference }),
    }));
  };

  /** Deletes the records still marked for this run; returns how many went. */
  const deleteMarked = async (
    model: { collection: RetentionModels['Intake']['collection'] },
    tenantId: string,
    ids: RecordId[],
    run: string,
  ): Promise<number> =>
    (await model.collection.deleteMany({ tenantId, ...idIn(ids), disposing: run })).deletedCount;

  /** Drafts (a report or a request started in the bot and never sent) last answered before the cutoff. */
  const draftsBefore = async (
    model: RetentionModels['Intake'] | RetentionModels['PermissionDraft'],
    tenantId: string,
    cutoff: Date,
  ): Promise<DueRecord[]> =>
    (
      await model.collection
        .find(
          { tenantId, lastActivityAt: before(cutoff) },
          { projection: { _id: 1, personId: 1, lastActivityAt: 1 } },
        )
        .toArray()
    ).map((d) => ({ id: d._id, from: d.lastActivityAt as Date, people: [String(d.personId)] }));

  /** Requests closed before the cutoff: declined (when decided) or ended (when they lapsed). */
  const closedRequests = async (tenantId: string, cutoff: Date): Promise<DueRecord[]> => {
    type Closed = {
      _id: Types.ObjectId;
      reference: string;
      requesterId: Types.ObjectId;
      decision?: { by?: Types.ObjectId; at?: Date };
      expiredAt?: Date;
    };
    const fields = { _id: 1, reference: 1, requesterId: 1, decision: 1, expiredAt: 1 };
    const [declined, ended] = await Promise.all([
      models.PermissionRequest.find({ tenantId, status: 'declined', 'decision.at': before(cutoff) })
        .select(fields)
        .lean<Closed[]>(),
      models.PermissionRequest.find({ tenantId, status: 'expired', expiredAt: before(cutoff) })
        .select(fields)
        .lean<Closed[]>(),
    ]);
    return [...declined, ...ended].map((request) => ({
      id: request._id,
      from: request.expiredAt ?? request.decision!.at!,
      people: [
        ...new Set([request.requesterId, request.decision?.by].filter((id) => id !== undefined).map(String)),
      ],
      label: request.reference,
    }));
  };

  const finders: Record<DisposableKind, (tenantId: string, cutoff: Date) => Promise<DueRecord[]>> = {
    incident: (tenantId, cutoff) => closedIncidents(tenantId, cutoff, false),
    'safeguarding-concern': (tenantId, cutoff) => closedIncidents(tenantId, cutoff, true),
    'policy-signature': (tenantId, cutoff) => ofLeavers(tenantId, cutoff, 'Acknowledgement'),
    'card-delivery': (tenantId, cutoff) => ofLeavers(tenantId, cutoff, 'Delivery'),
    'staff-directory': async (tenantId, cutoff) =>
      (await leftBefore(tenantId, cutoff, 'not-yet')).map((p) => ({
        id: p._id,
        from: p.deactivatedAt,
        people: [p._id.toString()],
        label: p.displayName,
      })),
    'incident-draft': (tenantId, cutoff) => draftsBefore(models.Intake, tenantId, cutoff),
    'permission-request': closedRequests,
    'permission-draft': (tenantId, cutoff) => draftsBefore(models.PermissionDraft, tenantId, cutoff),
  };

  // Each disposer acts only on records still marked for this run (see markForDisposal).
  const disposers: Record<
    DisposableKind,
    (tenantId: string, ids: RecordId[], now: Date, run: string) => Promise<number>
  > = {
    incident: async (tenantId, ids, _now, run) =>
      (
        await models.Incident.collection.deleteMany({
          tenantId,
          ...idIn(ids),
          restricted: false,
          disposing: run,
        })
      ).deletedCount,
    'safeguarding-concern': async (tenantId, ids, _now, run) =>
      (
        await models.Incident.collection.deleteMany({
          tenantId,
          ...idIn(ids),
          restricted: true,
          disposing: run,
        })
      ).deletedCount,
    // Signatures refuse deletion through the model (they are evidence); only the schedule ends them.
    'policy-signature': (tenantId, ids, _now, run) =>
      deleteMarked(models.Acknowledgement, tenantId, ids, run),
    'card-delivery': (tenantId, ids, _now, run) => deleteMarked(models.Delivery, tenantId, ids, run),
    'staff-directory': async (tenantId, ids, now, run) => {
      const marked = (
        await models.Person.collection
          .find({ tenantId, ...idIn(ids), disposing: run }, { projection: { _id: 1 } })
          .toArray()
      ).map((p) => p._id);
      await models.RoleAssignment.deleteMany({ tenantId, personId: anyOf(marked) });
      let anonymised = 0;
      for (const id of marked) {
        const result = await models.Person.collection.updateOne(
          { _id: id, tenantId, active: false, anonymisedAt: { $exists: false }, disposing: run },
          {
            $set: {
              displayName: 'Former member of staff',
              entraObjectId: `anonymised:${id.toString()}`,
              memberships: [],
              membershipKeys: [],
              anonymisedAt: now,
            },
            $unset: {
              email: 1,
              jobTitle: 1,
              department: 1,
              guest: 1,
              managerEntraObjectId: 1,
              conversation: 1,
              reachFailure: 1,
              lastSyncedAt: 1,
              disposing: 1,
            },
          },
        );
        anonymised += result.modifiedCount;
      }
      return anonymised;
    },
    'incident-draft': (tenantId, ids, _now, run) => deleteMarked(models.Intake, tenantId, ids, run),
    'permission-draft': (tenantId, ids, _now, run) =>
      deleteMarked(models.PermissionDraft, tenantId, ids, run),
    // Only a request still closed: one reopened meanwhile would not be (no such move exists today).
    'permission-request': async (tenantId, ids, _now, run) =>
      (
        await models.PermissionRequest.collection.deleteMany({
          tenantId,
          ...idIn(ids),
          status: { $in: ['declined', 'expired'] },
          disposing: run,
        })
      ).deletedCount,
  };

  /** The collection each kind's records are in. */
  const collectionOf = (kind: DisposableKind) =>
    ({
      incident: models.Incident,
      'safeguarding-concern': models.Incident,
      'policy-signature': models.Acknowledgement,
      'card-delivery': models.Delivery,
      'staff-directory': models.Person,
      'incident-draft': models.Intake,
      'permission-request': models.PermissionRequest,
      'permission-draft': models.PermissionDraft,
    })[kind].collection;

  /** The records of each disposable collection that a hold on this subject covers. */
  const coveredBy = (kind: 'person' | 'incident', id: Types.ObjectId) =>
    kind === 'incident'
      ? [{ collection: models.Incident.collection, filter: { _id: id } }]
      : [
          { collection: models.Person.collection, filter: { _id: id } },
          { collection: models.Acknowledgement.collection, filter: { personId: id } },
          { collection: models.Delivery.collection, filter: { personId: id } },
          { collection: models.Intake.collection, filter: { personId: id } },
          { collection: models.PermissionDraft.collection, filter: { personId: id } },
          {
            collection: models.PermissionRequest.collection,
            filter: { $or: [{ requesterId: id }, { 'decision.by': id }] },
          },
          {
            collection: models.Incident.collection,
            filter: { $or: [{ reporterId: id }, { ownerId: id }, { 'timeline.by': id }] },
          },
        ];

  return {
    settings: async (tenantId: string): Promise<RetentionSettings> =>
      (await models.RetentionSettings.findById(tenantId).lean<RetentionSettings>()) ?? {
        _id: tenantId,
        periods: {},
      },

    setPeriod: async (tenantId: string, kind: DisposableKind, months: number): Promise<void> => {
      await models.RetentionSettings.updateOne(
        { _id: tenantId },
        { $set: { [`periods.${kind}`]: months } },
        { upsert: true },
      );
    },

    recordRun: async (
      tenantId: string,
      at: Date,
      disposed: Record<string, number>,
      held: Record<string, number>,
    ): Promise<void> => {
      await models.RetentionSettings.updateOne(
        { _id: tenantId },
        { $set: { lastRun: { at, disposed, held } } },
        { upsert: true },
      );
    },

    /** Every tenant with people: the job's round. */
    tenants: (): Promise<string[]> => models.Person.distinct('tenantId'),

    due: (kind: DisposableKind, tenantId: string, cutoff: Date): Promise<DueRecord[]> =>
      finders[kind](tenantId, cutoff),

    /**
     * Marks records as going in this run, before the holds are read: a hold placed afterwards clears
     * the mark of what it covers (releaseFromDisposal), and dispose takes only what is still marked.
     */
    markForDisposal: async (kind: DisposableKind, tenantId: string, ids: RecordId[], run: string) => {
      for (const part of chunks(ids)) {
        await collectionOf(kind).updateMany({ tenantId, ...idIn(part) }, { $set: { disposing: run } });
      }
    },

    /** Deletes or anonymises the records still marked for this run; returns how many went. */
    dispose: async (
      kind: DisposableKind,
      tenantId: string,
      ids: RecordId[],
      now: Date,
      run: string,
    ): Promise<number> => {
      let count = 0;
      for (const part of chunks(ids)) count += await disposers[kind](tenantId, part, now, run);
      return count;
    },

    /** Clears the marks this run left on what it kept (held records). */
    unmark: async (kind: DisposableKind, tenantId: string, ids: RecordId[], run: string) => {
      for (const part of chunks(ids)) {
        await collectionOf(kind).updateMany(
          { tenantId, ...idIn(part), disposing: run },
          { $unset: { disposing: 1 } },
        );
      }
    },

    /** Takes what a new hold covers out of any disposal under way. */
    releaseFromDisposal: async (tenantId: string, kind: 'person' | 'incident', id: Types.ObjectId) => {
      for (const { collection, filter } of coveredBy(kind, id)) {
        await collection.updateMany(
          { tenantId, ...filter, disposing: { $exists: true } },
          { $unset: { disposing: 1 } },
        );
      }
    },

    activeHolds: async (tenantId: string): Promise<ActiveHolds> => {
      const holds = await models.LegalHold.find({ tenantId, active: true })
        .select({ subject: 1 })
        .lean<Pick<LegalHold, 'subject'>[]>();
      const ids = (kind: 'person' | 'incident') =>
        new Set(holds.filter((h) => h.subject.kind === kind).map((h) => h.subject.id.toString()));
      return { people: ids('person'), incidents: ids('incident') };
    },

    holds: (tenantId: string): Promise<LegalHold[]> =>
      models.LegalHold.find({ tenantId, active: true }).sort({ placedAt: -1 }).lean<LegalHold[]>(),

    activeHoldOn: (tenantId: string, kind: 'person' | 'incident', id: Types.ObjectId) =>
      models.LegalHold.findOne({
        tenantId,
        active: true,
        'subject.kind': kind,
        'subject.id': id,
      }).lean<LegalHold>(),

    placeHold: async (
      hold: Omit<LegalHold, '_id' | 'active' | 'liftedBy' | 'liftedAt'>,
    ): Promise<LegalHold> => (await models.LegalHold.create({ ...hold, active: true })).toObject<LegalHold>(),

    /** Lifts an active hold; undefined when there is no such active hold. */
    liftHold: (tenantId: string, id: Types.ObjectId, by: Types.ObjectId, at: Date) =>
      models.LegalHold.findOneAndUpdate(
        { _id: id, tenantId, active: true },
        { $set: { active: false, liftedBy: by, liftedAt: at } },
        { new: true },
      ).lean<LegalHold>(),

    person: (tenantId: string, id: Types.ObjectId) =>
      models.Person.findOne({ _id: id, tenantId })
        .select({ displayName: 1, memberships: 1, active: 1, deactivatedAt: 1 })
        .lean<{
          _id: Types.ObjectId;
          displayName: string;
          memberships?: { schoolId: Types.ObjectId }[];
          active: boolean;
          deactivatedAt?: Date;
        }>(),

    incidentByReference: (tenantId: string, reference: string) =>
      models.Incident.findOne({ tenantId, reference })
        .select({ reference: 1, schoolId: 1, restricted: 1 })
        .lean<{ _id: Types.ObjectId; reference: string; schoolId?: Types.ObjectId; restricted: boolean }>(),

    incidentById: (tenantId: string, id: Types.ObjectId) =>
      models.Incident.findOne({ _id: id, tenantId })
        .select({ reference: 1, restricted: 1 })
        .lean<{ _id: Types.ObjectId; reference: string; restricted: boolean }>(),

    /** People by name, for choosing whom to hold (the DPO does not read the directory otherwise). */
    findPeople: (tenantId: string, text: string | undefined, limit: number) =>
      models.Person.find({ tenantId, ...(text ? { displayName: containing(text) } : {}) })
        .select({ displayName: 1, email: 1, active: 1, deactivatedAt: 1 })
        .sort({ displayName: 1 })
        .limit(limit)
        .lean<
          {
            _id: Types.ObjectId;
            displayName: string;
            email?: string;
            active: boolean;
            deactivatedAt?: Date;
          }[]
        >(),
  };
}

export type RetentionStore = ReturnType<typeof retentionStore>;
