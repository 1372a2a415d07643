import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { Types, type Connection } from 'mongoose';
import { bindAuditKey } from '../../src/audit/key';
import { signPolicyVersion } from '../../src/acknowledgements/sign';
import { recountOverview, complianceOverview } from '../../src/compliance/overview';
import { rebuildComplianceSummaries } from '../../src/compliance/store';
import { keepSummaries } from '../../src/compliance/summaries';
import { createActor, type Actor } from '../../src/directory/actor';
import { isAppError } from '../../src/errors';
import { createLogger } from '../../src/logger';
import { peopleChanged, versionChanged } from '../../src/shared/changes';
import { openConnection } from '../../src/store/connection';
import { createModels, type Models } from '../../src/store/models';
import { testAuditKey, testDatabaseUri, useTestDatabase } from '../support/database';
import { daysAgo, seeder, type SeededPerson } from './seed';

/**
 * The summaries kept by events must always equal a full recount from the records. Random sequences
 * of the events that move them — joiners, leavers, moves between schools, audiences and
 * departments, publishing (with and without accepting earlier signatures), cards made, signatures,
 * repeated signatures and replayed notifications — run one after another and in pairs from two
 * connections (two processes' worth of writers) at once; whatever order the pairs land in, the
 * overview read from the summaries must equal the recount, and a rebuild must find nothing to correct.
 */

const timeZone = 'Europe/London';
const schoolCount = 2;
const peopleCount = 6;

type Membership = { school: number; audience: 'staff' | 'governor' };
type Event =
  | { kind: 'join' | 'move'; person: number; memberships: Membership[]; department: string | null }
  | { kind: 'leave'; person: number }
  | { kind: 'publish'; policy: number; accepts: boolean }
  | { kind: 'cards'; policy: number; people: number[]; dueInDays: number }
  | { kind: 'sign'; person: number; policy: number }
  | { kind: 'replay'; person: number };

const membership = fc.record({
  school: fc.integer({ min: 0, max: schoolCount - 1 }),
  audience: fc.constantFrom<'staff' | 'governor'>('staff', 'governor'),
});
const person = fc.integer({ min: 0, max: peopleCount - 1 });
const event: fc.Arbitrary<Event> = fc.oneof(
  fc.record({
    kind: fc.constantFrom<'join' | 'move'>('join', 'move'),
    person,
    memberships: fc.array(membership, { minLength: 1, maxLength: 2 }),
    department: fc.constantFrom(null, 'Maths', 'Science'),
  }),
  fc.record({ kind: fc.constant<'leave'>('leave'), person }),
  fc.record({
    kind: fc.constant<'publish'>('publish'),
    policy: fc.integer({ min: 0, max: 1 }),
    accepts: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant<'cards'>('cards'),
    policy: fc.integer({ min: 0, max: 1 }),
    people: fc.uniqueArray(person, { maxLength: peopleCount }),
    dueInDays: fc.integer({ min: -10, max: 10 }),
  }),
  fc.record({ kind: fc.constant<'sign'>('sign'), person, policy: fc.integer({ min: 0, max: 1 }) }),
  fc.record({ kind: fc.constant<'replay'>('replay'), person }),
);
/** A step is one event, or two at once from the two connections. */
const step = fc.oneof(
  event.map((e) => [e]),
  fc.tuple(event, event),
);

describe('compliance summaries', () => {
  const database = useTestDatabase();
  let other: { connection: Connection; models: Models };

  beforeAll(async () => {
    const connection = await openConnection(testDatabaseUri(), database().name);
    const models = createModels(connection);
    bindAuditKey(models, testAuditKey);
    other = { connection, models };
    const logger = createLogger('silent');
    tellers.set(database().models, keepSummaries(database().models, timeZone, logger));
    tellers.set(models, keepSummaries(models, timeZone, logger));
  });
  afterAll(async () => {
    await other.connection.close();
  });

  it('equal a full recount after any sequence of events, from one process or two', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 3, maxLength: 10 }), async (steps) => {
        const world = await newWorld(database().models);
        const writers = [database().models, other.models];
        for (const events of steps) {
          await Promise.all(events.map((e, i) => world.apply(writers[i]!, e)));
        }
        const clock = { now: new Date(), timeZone };
        const summarised = await complianceOverview(database().models, world.viewer, {}, clock);
        const recounted = await recountOverview(database().models, world.viewer, {}, clock);
        expect(summarised).toEqual(recounted);
        expect(await rebuildComplianceSummaries(database().models, world.tenantId)).toEqual({
          standings: 0,
          cells: 0,
        });
      }),
      { numRuns: 12, endOnFailure: true },
    );
  });

  it('put right a count lost by a process that died between the standing and the $inc', async () => {
    const models = database().models;
    const world = await oneStaffMemberAndAPolicy(models);
    // The counts drift, as when a process dies between writing a standing and its $inc.
    const summary = await models.ComplianceSummary.findOne({ tenantId: world.tenantId }).lean();
    const [cell] = Object.keys(summary!.cells);
    await models.ComplianceSummary.updateOne(
      { _id: summary!._id },
      { $inc: { [`cells.${cell}.eligible`]: 5 } },
    );
    const clock = { now: new Date(), timeZone };
    const before = await complianceOverview(models, world.viewer, {}, clock);
    expect(before.policies[0]?.totals.eligible).toBe(6);
    const corrected = await rebuildComplianceSummaries(models, world.tenantId);
    expect(corrected.cells).toBeGreaterThan(0);
    expect(await complianceOverview(models, world.viewer, {}, clock)).toEqual(
      await recountOverview(models, world.viewer, {}, clock),
    );
  });

  it('count a signature on a standing stored before unsigned ones left out the day signed', async () => {
    const models = database().models;
    const world = await oneStaffMemberAndAPolicy(models);
    // As an older Conduct wrote an unsigned standing: the day signed stored as null.
    const legacy = await models.ComplianceStanding.collection.updateMany(
      { tenantId: world.tenantId, signed: false },
      { $set: { signedDay: null } },
    );
    expect(legacy.modifiedCount).toBeGreaterThan(0);
    await world.apply(models, { kind: 'sign', person: 0, policy: 0 });
    const clock = { now: new Date(), timeZone };
    const overview = await complianceOverview(models, world.viewer, {}, clock);
    expect(overview.policies[0]?.totals.signed).toBe(1);
    expect(overview).toEqual(await recountOverview(models, world.viewer, {}, clock));
    expect(await rebuildComplianceSummaries(models, world.tenantId)).toEqual({ standings: 0, cells: 0 });
  });
});

/** A world where person 0 has joined school 0's staff and the staff policy is published. */
async function oneStaffMemberAndAPolicy(models: Models) {
  const world = await newWorld(models);
  await world.apply(models, {
    kind: 'join',
    person: 0,
    memberships: [{ school: 0, audience: 'staff' }],
    department: null,
  });
  await world.apply(models, { kind: 'publish', policy: 0, accepts: false });
  return world;
}

/** What each writer's process tells compliance of a signature (as src/app.ts composes it). */
const tellers = new Map<Models, ReturnType<typeof keepSummaries>>();

/** A tenant of its own with two schools and two policies, and the events applied to it. */
async function newWorld(models: Models) {
  const tenantId = `tenant-${randomUUID()}`;
  const seed = seeder(models, tenantId);
  const schools: string[] = [];
  for (let i = 0; i < schoolCount; i += 1) schools.push(await seed.school(`School ${i}`, `S${i}`));
  const policies = [
    await seed.policy('Staff policy', { audiences: ['staff'] }),
    await seed.policy('Everyone at school 0', { audiences: ['staff', 'governor'], schoolIds: [schools[0]!] }),
  ];
  const current: ({ id: Types.ObjectId; label: number; cards: boolean } | null)[] = [null, null];
  // Everyone is in the directory from the start, inactive and in no school: joining makes them active.
  const people: SeededPerson[] = [];
  for (let i = 0; i < peopleCount; i += 1) people.push(await seed.person(`Person ${i}`, { active: false }));
  const viewer: Actor = createActor({
    tenantId,
    personId: new Types.ObjectId(),
    entraObjectId: randomUUID(),
    displayName: 'Viewer',
    roles: [{ role: 'trust_admin', scopeKey: 'trust' }] as never,
  });

  const setPerson = async (writer: Models, index: number, fields: Record<string, unknown>): Promise<void> => {
    await writer.Person.updateOne({ _id: people[index]!.id }, { $set: fields });
    await peopleChanged(writer.Person, tenantId, [people[index]!.id]);
  };

  async function apply(writer: Models, e: Event): Promise<void> {
    switch (e.kind) {
      case 'join':
      case 'move': {
        const memberships = e.memberships.map((m) => ({
          schoolId: schools[m.school]!,
          audience: m.audience,
        }));
        await setPerson(writer, e.person, {
          active: true,
          memberships,
          membershipKeys: [...new Set(memberships.map((m) => `${m.schoolId}:${m.audience}`))],
          department: e.department,
        });
        return;
      }
      case 'leave':
        await setPerson(writer, e.person, { active: false });
        return;
      case 'publish': {
        const earlier = current[e.policy];
        const label = (earlier?.label ?? 0) + 1;
        const id = await seeder(writer, tenantId).publish(policies[e.policy]!, `v${label}-${randomUUID()}`, {
          publishedAt: daysAgo(3),
          ...(e.accepts && earlier ? { accepts: [earlier.id] } : {}),
        });
        current[e.policy] = { id, label, cards: false };
        await versionChanged(writer.Campaign, tenantId, id);
        return;
      }
      case 'cards': {
        const version = current[e.policy];
        if (!version || version.cards) return;
        version.cards = true;
        const chosen = e.people.map((i) => ({ person: people[i]!, dueAt: daysAgo(-e.dueInDays) }));
        await writer.Campaign.create({
          tenantId,
          policyId: policies[e.policy]!,
          policyVersionId: version.id,
          startedBy: viewer.personId,
          startedAt: new Date(),
        }).then((campaign) =>
          writer.Delivery.insertMany(
            chosen.map((c) => ({
              tenantId,
              campaignId: campaign._id,
              policyVersionId: version.id,
              personId: c.person.id,
              status: 'sent',
              dueAt: c.dueAt,
            })),
          ),
        );
        await versionChanged(writer.Campaign, tenantId, version.id);
        return;
      }
      case 'sign': {
        const version = current[e.policy];
        const who = people[e.person]!;
        if (!version) return;
        const stored = await writer.Person.findById(who.id).lean();
        try {
          const summaries = tellers.get(writer)!;
          await signPolicyVersion(
            // Signing's fast path (the claim) as the app runs it; the slow path when there is no standing.
            {
              models: writer,
              signed: (signature) => summaries.signed(signature),
              claim: (signature) => summaries.claim(signature),
            },
            {
              person: stored!,
              versionId: version.id,
              signedName: who.name,
              jobTitle: undefined,
              accepted: true,
              via: 'tab',
              now: new Date(),
            },
          );
        } catch (error) {
          // Refused (not theirs to sign, or replaced meanwhile): nothing was recorded.
          if (!isAppError(error)) throw error;
        }
        return;
      }
      case 'replay':
        // A notification delivered twice (a retried sync, a redelivered event).
        await peopleChanged(writer.Person, tenantId, [people[e.person]!.id]);
        return;
    }
  }

  return { tenantId, viewer, apply };
}
