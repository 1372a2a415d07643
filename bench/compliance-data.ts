import { randomUUID } from 'node:crypto';
import { Types, type Schema } from 'mongoose';
import type { Audience } from '../src/directory/model';
import type { Models } from '../src/store/models';

/** What the compliance benchmark seeded: whom to sign in as and which version to list. */
export interface ComplianceData {
  readonly tenantId: string;
  readonly itManagerOid: string;
  readonly listedVersionId: string;
  /** The version with the most people still outstanding: the one they sign at once. */
  readonly signingVersionId: string;
  readonly counts: { people: number; deliveries: number; signatures: number };
}

const schools = [
  'North Hill School',
  'South Vale Academy',
  'Riverside Primary',
  'Oakfield High',
  'Meadow Lane Infants',
];
const departments = ['Maths', 'English', 'Science', 'Humanities', 'Arts', 'PE', 'SEN', 'Office', undefined];
const dayMs = 86_400_000;

/** Rows per insert: a larger batch was no faster on the embedded database (its cost is per document). */
const insertBatch = 2_000;

/**
 * Inserts rows as `Model.insertMany` would store them (cast, defaults, timestamps), without
 * hydrating and validating each one as a mongoose document: the seed's rows are valid as written,
 * and that per-document work was about half the seeding time (0.5 ms a document on the shared
 * machine, beside 0.25–0.45 ms for the database's own insert).
 */
async function insertRows(model: SeededModel, rows: readonly object[]): Promise<void> {
  const at = new Date();
  const timestamps = model.schema.get('timestamps') as
    boolean | { createdAt?: boolean; updatedAt?: boolean } | undefined;
  const stamps = {
    ...(timestamps === true || (timestamps && timestamps.createdAt) ? { createdAt: at } : {}),
    ...(timestamps === true || (timestamps && timestamps.updatedAt) ? { updatedAt: at } : {}),
  };
  for (let i = 0; i < rows.length; i += insertBatch) {
    const batch = rows
      .slice(i, i + insertBatch)
      .map((row) => ({ ...minimized(model.applyDefaults(model.castObject(row))), ...stamps }));
    await model.insertMany(batch, { lean: true, ordered: false });
  }
}

/** The parts of a mongoose model the seed's inserts use. */
interface SeededModel {
  schema: Pick<Schema, 'get'>;
  castObject(row: object): object;
  applyDefaults(row: object): object;
  insertMany(rows: object[], options: { lean: true; ordered: false }): Promise<unknown>;
}

/**
 * Without unset fields and empty sub-documents (an unset nested path's default), as a mongoose
 * document is stored: the driver would write `undefined` as null.
 */
const minimized = (row: object): object =>
  Object.fromEntries(
    Object.entries(row).filter(
      ([, value]) =>
        value !== undefined &&
        !(
          value &&
          Object.getPrototypeOf(value) === Object.prototype &&
          Object.keys(value as object).length === 0
        ),
    ),
  );

/** A fixed pseudo-random sequence, so two runs seed the same spread. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/**
 * A trust of five schools: staff (85%), governors (10%) and visitors (5%), and five policies with a
 * realistic spread — most sign in the first days, a tail never does, some are past their due date.
 */
export async function seedComplianceData(models: Models, people: number): Promise<ComplianceData> {
  const tenantId = randomUUID();
  const next = random(people);
  const now = Date.now();
  const schoolIds = (
    await models.School.insertMany(schools.map((name, i) => ({ tenantId, name, code: `S${i}` })))
  ).map((s) => s._id);
  const itManagerOid = randomUUID();
  const rows = Array.from({ length: people }, (_, i) => {
    const school = schoolIds[i % schoolIds.length]!;
    const roll = next();
    const audience: Audience = roll < 0.85 ? 'staff' : roll < 0.95 ? 'governor' : 'visitor';
    return {
      _id: new Types.ObjectId(),
      tenantId,
      entraObjectId: i === 0 ? itManagerOid : randomUUID(),
      displayName: `Person ${String(i).padStart(6, '0')}`,
      email: `person.${i}@trust.example`,
      jobTitle: audience === 'staff' ? 'Teacher' : undefined,
      department: audience === 'staff' ? departments[i % departments.length] : undefined,
      active: next() > 0.02,
      memberships: [{ schoolId: school, audience }],
      membershipKeys: [`${school.toString()}:${audience}`],
    };
  });
  rows[0]!.active = true;
  await insertRows(models.Person, rows);
  await models.RoleAssignment.create({
    tenantId,
    personId: rows[0]!._id,
    role: 'it_manager',
    scopeKey: 'trust',
  });

  const policies: {
    title: string;
    audiences: Audience[];
    schools?: Types.ObjectId[];
    publishedDaysAgo: number;
    signRate: number;
  }[] = [
    { title: 'Acceptable Use Policy', audiences: ['staff'], publishedDaysAgo: 30, signRate: 0.88 },
    {
      title: 'ICT Code of Conduct',
      audiences: ['staff', 'governor', 'visitor'],
      publishedDaysAgo: 60,
      signRate: 0.93,
    },
    { title: 'Social Media Policy', audiences: ['staff', 'governor'], publishedDaysAgo: 10, signRate: 0.6 },
    { title: 'Visitor ICT Rules', audiences: ['visitor'], publishedDaysAgo: 5, signRate: 0.4 },
    {
      title: 'Data Protection Policy',
      audiences: ['staff'],
      schools: schoolIds.slice(0, 2),
      publishedDaysAgo: 20,
      signRate: 0.75,
    },
  ];
  let deliveries = 0;
  let signatures = 0;
  let listedVersionId = '';
  let signingVersionId = '';
  let mostOutstanding = -1;
  for (const spec of policies) {
    const owner = new Types.ObjectId();
    const policy = await models.Policy.create({
      tenantId,
      title: spec.title,
      audiences: spec.audiences,
      scope: spec.schools ? 'schools' : 'trust',
      schoolIds: spec.schools ?? [],
      ownerId: owner,
    });
    const publishedAt = new Date(now - spec.publishedDaysAgo * dayMs);
    const version = await models.PolicyVersion.create({
      tenantId,
      policyId: policy._id,
      label: '2026.1',
      status: 'published',
      bodyMarkdown: `# ${spec.title}`,
      keyPoints: ['One', 'Two', 'Three'],
      effectiveDate: publishedAt,
      reviewDate: publishedAt,
      nextReviewDate: new Date(publishedAt.getTime() + 365 * dayMs),
      dueDays: 14,
      material: true,
      contentHash: `sha256:${randomUUID()}`,
      supersedesKey: 'first',
      publishedAt,
      createdBy: owner,
    });
    await models.Policy.updateOne({ _id: policy._id }, { $set: { currentVersionId: version._id } });
    listedVersionId ||= version._id.toString();
    // Completed, so Conduct's background jobs (enrolling, reminding) leave the measured API alone.
    const campaign = await models.Campaign.create({
      tenantId,
      policyId: policy._id,
      policyVersionId: version._id,
      status: 'completed',
      startedBy: owner,
      startedAt: publishedAt,
      completedAt: publishedAt,
    });
    const keys = new Set(
      (spec.schools ?? schoolIds).flatMap((school) => spec.audiences.map((a) => `${school.toString()}:${a}`)),
    );
    const eligible = rows.filter((p) => p.active && p.membershipKeys.some((k) => keys.has(k)));
    const dueAt = new Date(publishedAt.getTime() + 14 * dayMs);
    // Half sign in the first two days, the rest trail off until today; signing stamps the card.
    const signedAt = new Map(
      eligible
        .filter(() => next() < spec.signRate)
        .map((p) => {
          const after = next() < 0.5 ? next() * 2 : next() * spec.publishedDaysAgo;
          return [p._id.toString(), new Date(Math.min(now, publishedAt.getTime() + after * dayMs))] as const;
        }),
    );
    const deliveryRows = eligible.map((p) => ({
      tenantId,
      campaignId: campaign._id,
      policyVersionId: version._id,
      personId: p._id,
      status: next() < 0.97 ? 'sent' : 'failed',
      sentAt: publishedAt,
      dueAt,
      ...(signedAt.has(p._id.toString()) ? { signedAt: signedAt.get(p._id.toString()) } : {}),
    }));
    const signatureRows = eligible
      .filter((p) => signedAt.has(p._id.toString()))
      .map((p) => ({
        tenantId,
        personId: p._id,
        policyId: policy._id,
        policyVersionId: version._id,
        signedName: p.displayName,
        signedAt: signedAt.get(p._id.toString())!,
        contentHash: version.contentHash,
        via: 'card',
      }));
    await insertRows(models.Delivery, deliveryRows);
    await insertRows(models.Acknowledgement, signatureRows);
    if (eligible.length - signatureRows.length > mostOutstanding) {
      mostOutstanding = eligible.length - signatureRows.length;
      signingVersionId = version._id.toString();
    }
    deliveries += deliveryRows.length;
    signatures += signatureRows.length;
  }
  return {
    tenantId,
    itManagerOid,
    listedVersionId,
    signingVersionId,
    counts: { people, deliveries, signatures },
  };
}
