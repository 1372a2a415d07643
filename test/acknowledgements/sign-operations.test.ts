import mongoose, { type Connection } from 'mongoose';
import { signPolicyVersion, type SignRequest } from '../../src/acknowledgements/sign';
import { bindAuditKey } from '../../src/audit/key';
import { verifyAuditChain } from '../../src/audit/store';
import { complianceOverview, recountOverview } from '../../src/compliance/overview';
import { countVersion, rebuildComplianceSummaries } from '../../src/compliance/store';
import { keepSummaries } from '../../src/compliance/summaries';
import { createActor } from '../../src/directory/actor';
import { createLogger } from '../../src/logger';
import { createModels, type Models } from '../../src/store/models';
import { daysAgo, seeder, type SeededPerson } from '../compliance/seed';
import { testAuditKey, useTestDatabase } from '../support/database';

/**
 * One signature costs at most five database operations (issue 18), counted with the driver's own
 * command monitoring: the commands that reach the database, whatever code issued them.
 */

const tenantId = 'tenant-sign-ops';
const maxOperations = 5;

describe('signing a policy', () => {
  const db = useTestDatabase();
  let connection: Connection;
  let models: Models;
  let commands: string[] | undefined;
  let people: SeededPerson[];
  let versionId: mongoose.Types.ObjectId;
  let policyId: mongoose.Types.ObjectId;
  let summaries: ReturnType<typeof keepSummaries>;

  beforeAll(async () => {
    connection = mongoose.createConnection(db().uri, { dbName: db().name, monitorCommands: true });
    await connection.asPromise();
    connection.getClient().on('commandStarted', (event) => {
      const collection = event.command[event.commandName] as unknown;
      commands?.push(`${event.commandName} ${typeof collection === 'string' ? collection : ''}`.trim());
    });
    models = createModels(connection);
    bindAuditKey(models, testAuditKey);
    summaries = keepSummaries(models, 'Europe/London', createLogger('silent'));
    const seed = seeder(models, tenantId);
    const school = await seed.school('Oak Primary', 'OAK');
    people = [];
    for (const name of ['Ann Able', 'Ben Brook', 'Cat Cole', 'Dan Dale']) {
      people.push(await seed.person(name, { memberships: [{ schoolId: school, audience: 'staff' }] }));
    }
    policyId = await seed.policy('Acceptable use', { audiences: ['staff'] });
    versionId = await seed.publish(policyId, '2026.1', { publishedAt: daysAgo(3) });
    await seed.campaign(
      versionId,
      people.map((person) => ({ person, dueAt: daysAgo(-11) })),
    );
    await rebuildComplianceSummaries(models, tenantId);
  });

  afterAll(() => connection.close());

  /** The request as sign-in leaves it (the person already read), and the signing itself. */
  const requestOf = async (person: SeededPerson): Promise<SignRequest> => ({
    person: (await models.Person.findById(person.id).lean())!,
    versionId,
    signedName: person.name,
    jobTitle: undefined,
    accepted: true,
    via: 'tab',
    now: new Date(),
  });
  const signing = (request: SignRequest) =>
    signPolicyVersion({ models, signed: summaries.signed, claim: summaries.claim }, request);
  const sign = async (person: SeededPerson) => signing(await requestOf(person));

  const counted = async <T>(work: () => Promise<T>): Promise<{ result: T; commands: string[] }> => {
    commands = [];
    try {
      const result = await work();
      return { result, commands };
    } finally {
      commands = undefined;
    }
  };

  const overviewIsRight = async () => {
    const actor = createActor({
      tenantId,
      personId: people[0]!.id,
      entraObjectId: people[0]!.oid,
      displayName: people[0]!.name,
      roles: [{ role: 'trust_admin', scopeKey: 'trust' }] as never,
    });
    const clock = { now: new Date(), timeZone: 'Europe/London' };
    const kept = await complianceOverview(models, actor, {}, clock);
    expect(kept).toEqual(await recountOverview(models, actor, {}, clock));
  };

  it(`records a signature in at most ${maxOperations} database operations, counted and audited`, async () => {
    // The process's first signature reads the version, its policy and the audit head once.
    await sign(people[0]!);
    const request = await requestOf(people[1]!);
    const { result, commands: issued } = await counted(() => signing(request));
    expect(result.created).toBe(true);
    expect(issued).toEqual([
      'findAndModify compliance_standings',
      'insert acknowledgements',
      'update compliance_summaries',
      'insert audit_events',
      'update audit_heads',
    ]);
    expect(issued.length).toBeLessThanOrEqual(maxOperations);
    await overviewIsRight();
    expect(await rebuildComplianceSummaries(models, tenantId)).toEqual({ standings: 0, cells: 0 });
    expect(await verifyAuditChain(models, tenantId)).toMatchObject({ ok: true, events: 2 });
  });

  it('signs someone the summaries have not counted yet, the slow way, and counts them', async () => {
    await models.ComplianceStanding.deleteOne({ _id: `${versionId.toString()}:${people[2]!.id.toString()}` });
    expect((await sign(people[2]!)).created).toBe(true);
    await rebuildComplianceSummaries(models, tenantId);
    await overviewIsRight();
    expect(await verifyAuditChain(models, tenantId)).toMatchObject({ ok: true, events: 3 });
  });

  it('refuses a version replaced by a newer one, though the cache still has it', async () => {
    const seed = seeder(models, tenantId);
    const next = await seed.publish(policyId, '2026.2', { publishedAt: new Date() });
    await countVersion(models, tenantId, next);
    await expect(sign(people[3]!)).rejects.toMatchObject({ code: 'conflict' });
    expect(await models.Acknowledgement.countDocuments({ personId: people[3]!.id })).toBe(0);
    await overviewIsRight();
  });
});
