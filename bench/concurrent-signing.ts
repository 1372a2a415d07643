/**
 * Many people signing at once in the tab (issue 18): `count` concurrent POST
 * /api/my/policies/:versionId/sign by people still outstanding, sign-in included, and beside it the
 * bare-driver baseline of the same run: for other people, the same database operations issued
 * directly by the driver, all at once (sign-in's person by `_id` and roles, then signing's five:
 * the standing claimed by `_id`, the signature, the summary cell's `$inc`, the audit event and the
 * audit head), written where they change nothing the API reads. Each signer has opened the tab
 * first (GET /api/me, untimed), as a person does before pressing Sign: sign-in finds a person by
 * their Entra id the first time (on the embedded database a read of every person) and by `_id`
 * after that.
 */
import { randomUUID } from 'node:crypto';
import { ObjectId, type Db } from 'mongodb';
import { percentile } from './support';

export interface ConcurrentSigning {
  concurrent: number;
  /** Signatures a second, from the first request sent to the last answer. */
  api: { p50: number; p99: number; seconds: number; perSecond: number; recorded: number };
  baseline: { p50: number; p99: number; seconds: number; perSecond: number };
}

interface Signer {
  personId: ObjectId;
  oid: string;
  name: string;
}

/** Up to `2 × count` people still outstanding for the version: the first half signs through the API. */
async function outstandingSigners(db: Db, versionId: string, count: number): Promise<Signer[]> {
  const standings = await db
    .collection<{ personId: ObjectId; signed: boolean; cell: string | null }>('compliance_standings')
    .find({ policyVersionId: new ObjectId(versionId), signed: false })
    .project<{ personId: ObjectId; cell: string | null }>({ personId: 1, cell: 1 })
    .toArray();
  const ids = standings.filter((s) => s.cell).map((s) => s.personId);
  const people = await db
    .collection<{ _id: ObjectId; entraObjectId: string; displayName: string; active: boolean }>('people')
    .find({ _id: { $in: ids.slice(0, count * 2) }, active: true })
    .toArray();
  return people.map((p) => ({ personId: p._id, oid: p.entraObjectId, name: p.displayName }));
}

const rate = (n: number, ms: number) => Math.round((n / (ms / 1000)) * 10) / 10;

export async function measureConcurrentSigning(
  db: Db,
  context: {
    tenantId: string;
    versionId: string;
    url: string;
    tokenFor: (claims: { oid: string }) => Promise<string>;
  },
  count: number,
): Promise<ConcurrentSigning> {
  const signers = await outstandingSigners(db, context.versionId, count);
  const concurrent = Math.min(count, Math.floor(signers.length / 2));
  const viaApi = signers.slice(0, concurrent);
  const viaDriver = signers.slice(concurrent, concurrent * 2);
  const tokens = await Promise.all(viaApi.map((s) => context.tokenFor({ oid: s.oid })));
  for (const token of tokens) {
    const opened = await fetch(`${context.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    if (!opened.ok) throw new Error(`opening the tab answered ${opened.status}`);
  }
  const before = await db
    .collection('acknowledgements')
    .countDocuments({ policyVersionId: new ObjectId(context.versionId) });

  await copySummaryForBaseline(db, context.versionId);
  const baseline = await allAtOnce(viaDriver, (signer) => driverSignature(db, context, signer));
  const api = await allAtOnce(viaApi, async (signer, i) => {
    const response = await fetch(`${context.url}/api/my/policies/${context.versionId}/sign`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens[i]!}`, 'content-type': 'application/json' },
      body: JSON.stringify({ signedName: signer.name, accepted: true }),
      signal: AbortSignal.timeout(30 * 60_000),
    });
    if (response.status !== 201) throw new Error(`signing answered ${response.status}`);
  });
  const recorded =
    (await db
      .collection('acknowledgements')
      .countDocuments({ policyVersionId: new ObjectId(context.versionId) })) - before;
  return {
    concurrent,
    api: { ...api, recorded },
    baseline,
  };
}

async function allAtOnce<T>(
  items: readonly T[],
  work: (item: T, i: number) => Promise<void>,
): Promise<{ p50: number; p99: number; seconds: number; perSecond: number }> {
  const started = performance.now();
  const latencies = await Promise.all(
    items.map(async (item, i) => {
      const t0 = performance.now();
      await work(item, i);
      return performance.now() - t0;
    }),
  );
  const ms = performance.now() - started;
  return {
    p50: Math.round(percentile(latencies, 50)),
    p99: Math.round(percentile(latencies, 99)),
    seconds: Math.round(ms / 100) / 10,
    perSecond: rate(items.length, ms),
  };
}

/**
 * The baseline's summary is a copy of the version's own: on the embedded database an update rewrites
 * the whole document, so its cost follows the document's size (one cell per school, audience and
 * department, with a count per day), and a small stand-in would make the baseline cheaper than
 * Conduct's own `$inc`.
 */
export async function copySummaryForBaseline(db: Db, versionId: string): Promise<void> {
  const summaries = db.collection<{ _id: string }>('compliance_summaries');
  const summary = await summaries.findOne({ _id: versionId });
  if (!summary) throw new Error('the version has no compliance summary to copy for the baseline');
  await summaries.replaceOne(
    { _id: 'baseline-summary' },
    { ...summary, _id: 'baseline-summary', tenantId: 'baseline' },
    { upsert: true },
  );
}

/**
 * One signature's database work by the bare driver, sign-in as the tab does it (the person by `_id`
 * and their roles) and then signing's five.
 */
async function driverSignature(
  db: Db,
  context: { tenantId: string; versionId: string },
  signer: Signer,
): Promise<void> {
  const person = await db.collection('people').findOne({ _id: signer.personId });
  await db
    .collection('role_assignments')
    .find({ tenantId: context.tenantId, personId: person!._id })
    .toArray();
  await driverSigning(db, context, { personId: signer.personId, name: signer.name, via: 'tab' });
}

/**
 * Signing's five operations by the bare driver, as Conduct issues them once a process has read the
 * version and its policy. The claim uses Conduct's filter but asks for a state no standing is in, so
 * it reads what Conduct's claim reads and changes nothing; the writes go to a version, a cell and an
 * audit chain of the baseline's own.
 */
export async function driverSigning(
  db: Db,
  context: { tenantId: string; versionId: string },
  signer: { personId: ObjectId; name: string; via: 'tab' | 'card' },
): Promise<void> {
  // Conduct's claim looks the standing up by `_id` alone; this id is no standing's.
  await db
    .collection<{ _id: string }>('compliance_standings')
    .findOneAndUpdate(
      { _id: `${context.versionId}:${signer.personId.toHexString()}:baseline` },
      { $set: { signed: true }, $min: { signedDay: '2026-01-01' }, $inc: { rev: 1 } },
    );
  const baselineVersion = new ObjectId('0000000000000000000000b1');
  await db.collection('acknowledgements').insertOne({
    tenantId: context.tenantId,
    personId: signer.personId,
    policyId: baselineVersion,
    policyVersionId: baselineVersion,
    signedName: signer.name,
    signedAt: new Date(),
    contentHash: 'baseline',
    via: signer.via,
  });
  await db.collection<{ _id: string }>('compliance_summaries').updateOne(
    { _id: 'baseline-summary' },
    {
      $inc: { 'cells.baseline.signed': 1, 'cells.baseline.signedByDay.2026-01-01': 1 },
      $set: { 'cells.baseline.keys': ['baseline:staff'], 'cells.baseline.department': null },
      $setOnInsert: { tenantId: 'baseline' },
    },
    { upsert: true },
  );
  const seq = Math.random();
  await db
    .collection<{ _id: string; tenantId: string; seq: number }>('audit_events')
    .insertOne({ _id: randomUUID(), tenantId: 'baseline', seq });
  await db
    .collection<{ _id: string; seq: number }>('audit_heads')
    .updateOne({ _id: 'baseline', seq: { $lt: 2 } }, { $set: { seq } }, { upsert: true });
}
