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
import { type Db, type Document, type Filter } from 'mongodb';
import { appendAuditEvent } from '../src/audit';
import { bindAuditKey } from '../src/audit/key';
import { bindSummaryTimeZone, rebuildComplianceSummaries } from '../src/compliance/store';
import { loadActor } from '../src/directory';
import { createLogger } from '../src/logger';
import { startApp } from '../src/app';
import { personalDataRegistry } from '../src/privacy/registry';
import { lookupFields, subjectFilter } from '../src/privacy/store';
import {
  collectSubjectAccess,
  openSubjectAccess,
  pdfBuffer,
  prepareSubjectLookups,
  readAndDraw,
  subjectAccessArchive,
  subjectClauses,
} from '../src/privacy/subject-access';
import { renderSubjectAccessPdf } from '../src/privacy/subject-access-pdf';
import { openConnection } from '../src/store/connection';
import { lookUpIds } from '../src/store/field-lookup';
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
  /** One export taken apart (ms): each read by the driver alone, then Conduct's own steps in process. */
  breakdown: Record<string, number>;
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
  // Each step said on stderr, so that a run the database drops says where.
  const step = (what: string) => process.stderr.write(`${people} people: ${what}\n`);
  const data = await seedComplianceData(models, people);
  step('trust seeded');
  // The summaries' standings (one per eligible person and version), as signing would have kept them.
  bindSummaryTimeZone(models, 'Europe/London');
  await rebuildComplianceSummaries(models, data.tenantId);
  step('standings built');
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
  step('ten years of the person seeded');
  // The rest of the trust's audit trail: one event per signature the compliance seed made.
  const others = Math.min(data.counts.signatures, 20_000);
  const otherEvents = Array.from({ length: others }, (_, i) => ({
    _id: `${data.tenantId}:other-${i}` as unknown as never,
    tenantId: data.tenantId,
    seq: 1_000_000 + i,
    at: new Date(),
    actorId: new Types.ObjectId(),
    action: 'acknowledgement.signed',
    subject: { kind: 'policy_version', id: `v${i}` },
    prevHash: 'x',
    hash: 'x',
  }));
  // 1,000 at a time: one insert of all of them holds the embedded database's gate past the driver's
  // 30 s monitor timeout, and the connection is dropped.
  for (let i = 0; i < otherEvents.length; i += 1_000)
    await models.AuditEvent.collection.insertMany(otherEvents.slice(i, i + 1_000));
  step(`the rest of the audit trail inserted (${otherEvents.length})`);
  const entra = await startEntraStandIn({ tenantId: data.tenantId });
  const config = benchAppConfig(database.uri, name, benchAuditKey, entra);
  const app = await startApp(config, createLogger('silent'));
  step('app started');
  try {
    const token = await entra.tokenFor({ oid: data.itManagerOid });
    const route = `/api/people/${subject!._id.toString()}/subject-access.zip`;
    const db = connection.getClient().db(name);
    // The app makes the export's lookup indexes in the background as it starts: wait for them
    // (asking again makes nothing twice), so that the breakdown's first reads do not make them.
    const preparing = performance.now();
    await prepareSubjectLookups(models);
    const prepared = Math.round(performance.now() - preparing);
    step(`the export's lookup indexes made (${prepared} ms after the app started)`);
    // First, so that it is known even when the API does not answer.
    const breakdown = {
      'start-up: lookup indexes made': prepared,
      ...(await takeApart(models, db, data.tenantId, data.itManagerOid, subject!._id)),
    };
    process.stderr.write(`${people} people, one export taken apart (ms): ${JSON.stringify(breakdown)}\n`);
    const times = await timedInTurn(
      iterations,
      async () => {
        const response = await fetch(`${app.url}${route}`, { headers: { authorization: `Bearer ${token}` } });
        if (!response.ok) throw new Error(`${route} answered ${response.status}: ${await response.text()}`);
        await response.arrayBuffer();
      },
      () => readsByDriver(models, db, data.tenantId, data.itManagerOid, subject!._id),
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
      breakdown,
    };
  } finally {
    // A failed cleanup must not hide why the measurement failed.
    await app.stop().catch(() => undefined);
    await entra.stop().catch(() => undefined);
    await connection.dropDatabase().catch(() => undefined);
    await connection.close().catch(() => undefined);
  }
}

/** The export's reads, straight through the driver: sign-in, the person, each collection's records of them. */
async function readsByDriver(
  models: Models,
  db: Db,
  tenantId: string,
  oid: string,
  id: Types.ObjectId,
): Promise<void> {
  const actor = await db.collection('people').findOne({ tenantId, entraObjectId: oid });
  await db.collection('role_assignments').find({ tenantId, personId: actor!._id }).toArray();
  await db.collection('people').findOne({ _id: id });
  // Then each collection in turn, as the export reads them (the person's own entry is the one just read).
  for (const [collection, read] of collectionReads(models, db, tenantId, id))
    if (collection !== 'people') await read();
}

/**
 * Each collection's read as the export makes it: the person and their standings by `_id`; a
 * collection whose subject fields are never arrays through devdb's lookup of each and a read of
 * each record by `_id`; any other by its subject paths (`$or` where several).
 */
function collectionReads(
  models: Models,
  db: Db,
  tenantId: string,
  id: Types.ObjectId,
): [string, () => Promise<unknown>][] {
  return Object.entries(personalDataRegistry)
    .filter(([, entry]) => entry.subjectPaths.length > 0)
    .map(([model, entry]) => {
      const collection = db.collection(entry.collection);
      if (model === 'Person') return [entry.collection, () => collection.findOne({ _id: id })];
      if (model === 'ComplianceStanding') {
        return [
          entry.collection,
          async () => {
            const versions = await db
              .collection('policy_versions')
              .find({ tenantId }, { projection: { _id: 1 } })
              .toArray();
            return Promise.all(
              versions.map((v) =>
                db
                  .collection<{ _id: string }>(entry.collection)
                  .findOne({ _id: `${v._id.toString()}:${id.toString()}` }),
              ),
            );
          },
        ];
      }
      const clauses = subjectClauses(model as keyof Models, entry, id);
      const filter = subjectFilter(tenantId, clauses) as Filter<Document>;
      const fields = lookupFields(models, model as keyof Models, clauses);
      if (!fields) return [entry.collection, () => collection.find(filter).sort({ _id: 1 }).toArray()];
      // As the export reads it on the embedded database: devdb's lookup per clause, then each by _id.
      return [
        entry.collection,
        async () => {
          const ids = new Map<string, unknown>();
          for (const [i, field] of fields.entries()) {
            const found = await lookUpIds(db, field, String(clauses[i]![field.path]));
            for (const one of found!) ids.set(String(one), one);
          }
          // All at once, in the export's order (by _id as text).
          return Promise.all(
            [...ids.entries()]
              .sort(([a], [b]) => (a < b ? -1 : 1))
              .map(([, found]) => collection.findOne({ _id: found as never })),
          );
        },
      ];
    });
}

/** Where one export's time goes: each driver read alone, then collecting, the PDF and the ZIP in process. */
async function takeApart(
  models: Models,
  db: Db,
  tenantId: string,
  oid: string,
  id: Types.ObjectId,
): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const time = async <T>(label: string, run: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await run();
    out[label] = Math.round(performance.now() - started);
    process.stderr.write(`  ${label}: ${out[label]} ms\n`);
    return result;
  };
  await time('read: sign-in person by entraObjectId', () =>
    db.collection('people').findOne({ tenantId, entraObjectId: oid }),
  );
  for (const [collection, read] of collectionReads(models, db, tenantId, id))
    await time(`read: ${collection}`, read);
  const actor = await loadActor(models, tenantId, oid);
  const data = await time('conduct: collect (all reads, withholding)', () =>
    collectSubjectAccess(models, actor, id.toString(), new Date()),
  );
  const pdf = await time('conduct: PDF', () => pdfBuffer(renderSubjectAccessPdf(data, 'Europe/London')));
  // The first PDF of a process runs cold (fonts read, code not yet optimised); a server draws many.
  const warm: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    const started = performance.now();
    await pdfBuffer(renderSubjectAccessPdf(data, 'Europe/London'));
    warm.push(performance.now() - started);
  }
  out['conduct: PDF again, median of 5'] = Math.round(warm.sort((a, b) => a - b)[2]!);
  await time('conduct: JSON and ZIP', () => subjectAccessArchive(data, pdf));
  // As the export runs: each record drawn as soon as it is read, while the database reads the next.
  await time('conduct: collect and PDF, each record drawn as it is read', async () =>
    readAndDraw(await openSubjectAccess(models, actor, id.toString(), new Date()), 'Europe/London'),
  );
  await time('conduct: the audit event (two writes)', () =>
    appendAuditEvent(models, {
      tenantId,
      actorId: actor.personId,
      action: 'person.subject_access_exported',
      subject: { kind: 'person', id: id.toString() },
      details: { records: 0, withheld: 0 },
      at: new Date(),
    }),
  );
  return out;
}
