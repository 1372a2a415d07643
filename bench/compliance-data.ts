import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
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
  const inserted = [];
  for (let i = 0; i < rows.length; i += 2_000)
    inserted.push(...(await models.Person.insertMany(rows.slice(i, i + 2_000))));
  await models.RoleAssignment.create({
    tenantId,
    personId: inserted[0]!._id,
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
    const eligible = inserted.filter((p, i) => rows[i]!.active && p.membershipKeys.some((k) => keys.has(k)));
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
    for (let i = 0; i < deliveryRows.length; i += 2_000)
      await models.Delivery.insertMany(deliveryRows.slice(i, i + 2_000));
    for (let i = 0; i < signatureRows.length; i += 2_000)
      await models.Acknowledgement.insertMany(signatureRows.slice(i, i + 2_000));
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
