import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import type { Audience, Role } from '../../src/directory/model';
import type { Models } from '../../src/store/models';

/** Builds compliance data straight into the models, as the directory sync, publishing and signing would leave it. */
export interface Seeder {
  school(name: string, code: string): Promise<string>;
  person(name: string, options?: PersonOptions): Promise<SeededPerson>;
  role(person: SeededPerson, role: Role, schoolId: string | null): Promise<Types.ObjectId>;
  policy(title: string, options: PolicyOptions): Promise<Types.ObjectId>;
  /** Publishes a version and makes it the policy's current one. */
  publish(policyId: Types.ObjectId, label: string, options: VersionOptions): Promise<Types.ObjectId>;
  campaign(
    versionId: Types.ObjectId,
    deliveries: { person: SeededPerson; dueAt: Date; status?: string }[],
  ): Promise<Types.ObjectId>;
  sign(person: SeededPerson, versionId: Types.ObjectId, signedAt: Date, signedName?: string): Promise<void>;
}

export interface PersonOptions {
  memberships?: { schoolId: string; audience: Audience }[];
  department?: string;
  jobTitle?: string;
  active?: boolean;
  oid?: string;
  /** Gives the person a stored 1:1 chat with the bot on this Bot Connector, so cards reach them. */
  serviceUrl?: string;
}

export interface SeededPerson {
  id: Types.ObjectId;
  oid: string;
  name: string;
  jobTitle: string | undefined;
}

export interface PolicyOptions {
  audiences: Audience[];
  schoolIds?: string[];
}

export interface VersionOptions {
  publishedAt: Date;
  dueDays?: number;
  nextReviewDate?: Date;
  /** Earlier versions whose signatures this one accepts (a non-material change). */
  accepts?: Types.ObjectId[];
}

const dayMs = 86_400_000;

export function seeder(models: Models, tenantId: string): Seeder {
  const owner = new Types.ObjectId();
  const versions = new Map<string, { policyId: Types.ObjectId; contentHash: string }>();
  return {
    school: async (name, code) => (await models.School.create({ tenantId, name, code }))._id.toString(),
    person: async (name, options = {}) => {
      const memberships = options.memberships ?? [];
      const oid = options.oid ?? randomUUID();
      const created = await models.Person.create({
        tenantId,
        entraObjectId: oid,
        displayName: name,
        email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@school.test`,
        jobTitle: options.jobTitle,
        department: options.department,
        active: options.active ?? true,
        memberships,
        membershipKeys: memberships.map((m) => `${m.schoolId}:${m.audience}`),
        ...(options.serviceUrl
          ? {
              conversation: {
                id: `a:${oid}`,
                serviceUrl: options.serviceUrl,
                tenantId,
                storedAt: new Date(),
              },
            }
          : {}),
      });
      return { id: created._id, oid, name, jobTitle: options.jobTitle };
    },
    role: async (person, role, schoolId) =>
      (
        await models.RoleAssignment.create({
          tenantId,
          personId: person.id,
          role,
          scopeKey: schoolId ?? 'trust',
          ...(schoolId ? { schoolId } : {}),
        })
      )._id,
    policy: async (title, options) =>
      (
        await models.Policy.create({
          tenantId,
          title,
          audiences: options.audiences,
          scope: options.schoolIds ? 'schools' : 'trust',
          schoolIds: options.schoolIds ?? [],
          ownerId: owner,
        })
      )._id,
    publish: async (policyId, label, options) => {
      const contentHash = `sha256:${randomUUID().replace(/-/g, '')}`;
      const version = await models.PolicyVersion.create({
        tenantId,
        policyId,
        label,
        status: 'published',
        bodyMarkdown: `# ${label}\n\nThe text of the policy.`,
        keyPoints: ['Keep passwords private', 'Report viruses at once', 'Lock your screen'],
        effectiveDate: options.publishedAt,
        reviewDate: options.publishedAt,
        nextReviewDate: options.nextReviewDate ?? new Date(options.publishedAt.getTime() + 365 * dayMs),
        dueDays: options.dueDays ?? 14,
        material: !options.accepts,
        contentHash,
        acceptsSignaturesOf: options.accepts ?? [],
        supersedesKey: `seeded:${randomUUID()}`,
        publishedAt: options.publishedAt,
        createdBy: owner,
      });
      await models.Policy.updateOne({ _id: policyId }, { $set: { currentVersionId: version._id } });
      versions.set(version._id.toString(), { policyId, contentHash });
      return version._id;
    },
    campaign: async (versionId, deliveries) => {
      const policyId = versions.get(versionId.toString())!.policyId;
      const campaign = await models.Campaign.create({
        tenantId,
        policyId,
        policyVersionId: versionId,
        startedBy: owner,
        startedAt: new Date(),
      });
      await models.Delivery.insertMany(
        deliveries.map((d) => ({
          tenantId,
          campaignId: campaign._id,
          policyVersionId: versionId,
          personId: d.person.id,
          status: d.status ?? 'sent',
          sentAt: new Date(d.dueAt.getTime() - 14 * dayMs),
          dueAt: d.dueAt,
        })),
      );
      return campaign._id;
    },
    sign: async (person, versionId, signedAt, signedName) => {
      const version = versions.get(versionId.toString())!;
      await models.Acknowledgement.create({
        tenantId,
        personId: person.id,
        policyId: version.policyId,
        policyVersionId: versionId,
        signedName: signedName ?? person.name,
        jobTitle: person.jobTitle,
        signedAt,
        contentHash: version.contentHash,
        via: 'card',
      });
    },
  };
}

export const daysAgo = (days: number, from = new Date()): Date => new Date(from.getTime() - days * dayMs);
