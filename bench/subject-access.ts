/**
 * Subject-access export benchmark (issue 16): the whole ZIP for one person with ten years of
 * records, through the real API (sign-in included), in trusts of 1,000 and 10,000 people seeded as
 * the compliance benchmark seeds them. Beside it, a baseline in the same run: the export's reads
 * issued directly by the MongoDB driver (no PDF, no ZIP, no audit event).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Types } from 'mongoose';
import type { Db } from 'mongodb';
import { appendAuditEvent } from '../src/audit';
import { bindAuditKey } from '../src/audit/key';
import { createLogger } from '../src/logger';
import { startApp } from '../src/main';
import { personalDataRegistry } from '../src/privacy/registry';
import { openConnection } from '../src/store/connection';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../src/store/embedded-database';
import { createModels, ensureIndexes, type Models } from '../src/store/models';
import { setUpTestCa, tearDownTestCa } from '../scripts/standins/ca';
import { startEntraStandIn } from '../scripts/standins/entra';
import { benchAppConfig } from './support';
import { overhead, timedInTurn, timing, type Timing } from './compliance';
import { seedComplianceData } from './compliance-data';

const benchAuditKey = randomBytes(32);
const yearMs = 365.25 * 86_400_000;

export interface SubjectAccessSize {
  people: number;
  collections: Record<string, number>;
  subjectRecords: number;
  iterations: number;
  api: Timing;
  baseline: Timing;
  overheadPercent: { p50: number; p95: number };
}

export interface SubjectAccessBenchResult {
  database: string;
  sizes: SubjectAccessSize[];
  growth: { api: number; baseline: number };
  targets: { exportMs: 5000; overheadPercentOnEmbedded: 20 };
}

export async function subjectAccessBench(
  options: { sizes?: number[]; iterations?: number } = {},
): Promise<SubjectAccessBenchResult> {
  const sizes = options.sizes ?? [1_000, 10_000];
  await setUpTestCa();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'conduct-bench-sar-'));
  const database = await startEmbeddedDatabase({ binary: path.resolve('infra/devdb/bin/devdb'), dataDir });
  try {
    const results: SubjectAccessSize[] = [];
    for (const people of sizes) results.push(await measureSize(database, people, options.iterations ?? 5));
    const ratio = (a: number, b: number) => Math.round((a / Math.max(b, 1)) * 10) / 10;
    return {
      database: 'embedded (FerretDB 1.24 over SQLite, behind the devdb gate)',
      sizes: results,
      growth: {
        api: ratio(results.at(-1)!.api.p50, results[0]!.api.p50),
        baseline: ratio(results.at(-1)!.baseline.p50, results[0]!.baseline.p50),
      },
      targets: { exportMs: 5000, overheadPercentOnEmbedded: 20 },
    };
  } finally {
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
    tearDownTestCa();
  }
}

/**
 * Ten years of one member of staff: five policies signed each year (card and signature), 30
 * incidents reported, 20 others commented on, and 400 audit events they did or were the subject of.
 */
async function seedTenYears(models: Models, tenantId: string, personId: Types.ObjectId): Promise<number> {
  const now = Date.now();
  const deliveries = [];
  const signatures = [];
  for (let year = 0; year < 10; year += 1) {
    for (let policy = 0; policy < 5; policy += 1) {
      const at = new Date(now - (year + 0.5) * yearMs + policy * 86_400_000);
      const policyVersionId = new Types.ObjectId();
      deliveries.push({
        tenantId,
        campaignId: new Types.ObjectId(),
        policyVersionId,
        personId,
        status: 'sent',
        sentAt: at,
        dueAt: at,
      });
      signatures.push({
        tenantId,
        personId,
        policyId: new Types.ObjectId(),
        policyVersionId,
        signedName: 'Person 000001',
        signedAt: at,
        contentHash: 'sha256:bench',
        via: 'card',
      });
    }
  }
  await models.Delivery.insertMany(deliveries);
  await models.Acknowledgement.insertMany(signatures);
  const incidents = Array.from({ length: 50 }, (_, i) => {
    const at = new Date(now - (i / 5) * yearMs);
    const reporter = i < 30 ? personId : new Types.ObjectId();
    return {
      tenantId,
      reference: `INC-B${String(i).padStart(4, '0')}-${tenantId.slice(0, 6)}`,
      type: 'virus',
      status: 'closed',
      reporterId: reporter,
      handlingRole: 'ict_helpdesk',
      reportedAt: at,
      closedAt: at,
      fields: { what: 'A pop-up asked for a password' },
      timeline: [
        { at, by: reporter, what: 'reported' },
        { at, by: i < 30 ? new Types.ObjectId() : personId, what: 'comment', note: 'Checked the laptop' },
      ],
    };
  });
  await models.Incident.insertMany(incidents);
  for (let i = 0; i < 400; i += 1) {
    await appendAuditEvent(models, {
      tenantId,
      ...(i % 2 === 0 ? { actorId: personId } : {}),
      action: i % 2 === 0 ? 'acknowledgement.signed' : 'incident.read',
      subject:
        i % 2 === 0 ? { kind: 'policy_version', id: `v${i}` } : { kind: 'person', id: personId.toString() },
      at: new Date(now - (i / 40) * yearMs),
    });
  }
  return deliveries.length + signatures.length + incidents.length + 400 + 1;
}

async function measureSize(database: EmbeddedDatabase, people: number, iterations: number) {
  const name = `bench_sar_${people}`;
  const connection = await openConnection(database.uri, name);
  const models = createModels(connection);
  bindAuditKey(models, benchAuditKey);
  await ensureIndexes(models);
  const data = await seedComplianceData(models, people);
  const exporter = await models.Person.findOne({
    tenantId: data.tenantId,
    entraObjectId: data.itManagerOid,
  }).lean();
  await models.RoleAssignment.create({
    tenantId: data.tenantId,
    personId: exporter!._id,
    role: 'dpo',
    scopeKey: 'trust',
  });
  const subject = await models.Person.findOne({
    tenantId: data.tenantId,
    displayName: 'Person 000001',
  }).lean();
  const subjectRecords = await seedTenYears(models, data.tenantId, subject!._id);
  // The rest of the trust's audit trail: one event per signature the compliance seed made.
  const others = Math.min(data.counts.signatures, 20_000);
  await models.AuditEvent.collection.insertMany(
    Array.from({ length: others }, (_, i) => ({
      _id: `${data.tenantId}:other-${i}` as unknown as never,
      tenantId: data.tenantId,
      seq: 1_000_000 + i,
      at: new Date(),
      actorId: new Types.ObjectId(),
      action: 'acknowledgement.signed',
      subject: { kind: 'policy_version', id: `v${i}` },
      prevHash: 'x',
      hash: 'x',
    })),
  );
  const entra = await startEntraStandIn({ tenantId: data.tenantId });
  const config = benchAppConfig(database.uri, name, benchAuditKey, entra);
  const app = await startApp(config, createLogger('silent'));
  try {
    const token = await entra.tokenFor({ oid: data.itManagerOid });
    const route = `/api/people/${subject!._id.toString()}/subject-access.zip`;
    const db = connection.getClient().db(name);
    const times = await timedInTurn(
      iterations,
      async () => {
        const response = await fetch(`${app.url}${route}`, { headers: { authorization: `Bearer ${token}` } });
        if (!response.ok) throw new Error(`${route} answered ${response.status}: ${await response.text()}`);
        await response.arrayBuffer();
      },
      () => readsByDriver(db, data.tenantId, data.itManagerOid, subject!._id),
    );
    const collections: Record<string, number> = {};
    for (const entry of Object.values(personalDataRegistry)) {
      if (entry.subjectPaths.length > 0)
        collections[entry.collection] = await db.collection(entry.collection).countDocuments();
    }
    const [api, baseline] = [timing(times.api), timing(times.baseline)];
    return {
      people,
      collections,
      subjectRecords,
      iterations,
      api,
      baseline,
      overheadPercent: overhead(api, baseline),
    };
  } finally {
    await app.stop();
    await entra.stop();
    await connection.dropDatabase();
    await connection.close();
  }
}

/** The export's reads, straight through the driver: sign-in, the person, each collection's records of them. */
async function readsByDriver(db: Db, tenantId: string, oid: string, id: Types.ObjectId): Promise<void> {
  const actor = await db.collection('people').findOne({ tenantId, entraObjectId: oid });
  await db.collection('role_assignments').find({ tenantId, personId: actor!._id }).toArray();
  await db.collection('people').findOne({ _id: id, tenantId });
  for (const [model, entry] of Object.entries(personalDataRegistry)) {
    if (entry.subjectPaths.length === 0) continue;
    const clauses = entry.subjectPaths.map((p) =>
      model === 'AuditEvent' && p === 'subject.id'
        ? { 'subject.kind': 'person', 'subject.id': id.toString() }
        : { [p]: id },
    );
    const filter =
      model === 'Person'
        ? { _id: id, tenantId }
        : clauses.length === 1
          ? { tenantId, ...clauses[0] }
          : { tenantId, $or: clauses };
    await db.collection(entry.collection).find(filter).sort({ _id: 1 }).toArray();
  }
}
