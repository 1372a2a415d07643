import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Types } from 'mongoose';
import { startCampaign } from '../../src/campaigns/start';
import type { JobScheduler } from '../../src/jobs/scheduler';
import { createDraftVersion, publishVersion } from '../../src/policies/store';
import type { Models } from '../../src/store/models';

export interface SamplePerson {
  name: string;
  aadObjectId: string;
  jobTitle: string;
  /** The person's 1:1 chat in the Playground, when they have one. */
  conversation?: { id: string; serviceUrl: string };
  roles?: (
    'it_manager' | 'trust_admin' | 'headteacher' | 'ict_helpdesk' | 'online_safety_officer' | 'dsl' | 'dpo'
  )[];
}

/**
 * Our own sample school, people and policy for trying Conduct locally. Runs only on an empty
 * database; publishing the sample policy sends its card to everyone with a chat.
 */
export async function seedSampleData(
  models: Models,
  jobs: Pick<JobScheduler, 'now'>,
  /** The school's time zone (TIME_ZONE), in which the sample policy's due date is counted. */
  timeZone: string,
  tenantId: string,
  people: readonly SamplePerson[],
): Promise<boolean> {
  if ((await models.School.countDocuments({ tenantId })) > 0) return false;
  const school = await models.School.create({ tenantId, name: 'Northfield Primary School', code: 'NFP' });
  const key = `${school._id.toString()}:staff`;
  let owner: Types.ObjectId | undefined;
  for (const sample of people) {
    const person = await models.Person.create({
      tenantId,
      entraObjectId: sample.aadObjectId,
      displayName: sample.name,
      jobTitle: sample.jobTitle,
      department: sample.roles?.includes('it_manager') ? 'IT' : 'Teaching',
      memberships: [{ schoolId: school._id, audience: 'staff' }],
      membershipKeys: [key],
      active: true,
      ...(sample.conversation
        ? { conversation: { ...sample.conversation, tenantId, channelId: 'msteams', storedAt: new Date() } }
        : {}),
    });
    for (const role of sample.roles ?? []) {
      const scopeKey = role === 'trust_admin' ? 'trust' : school._id.toString();
      await models.RoleAssignment.create({
        tenantId,
        personId: person._id,
        role,
        scopeKey,
        ...(scopeKey === 'trust' ? {} : { schoolId: school._id }),
      });
    }
    owner ??= person._id;
  }
  const policy = await models.Policy.create({
    tenantId,
    title: 'Acceptable use of ICT: staff',
    audiences: ['staff'],
    scope: 'trust',
    ownerId: owner ?? new Types.ObjectId(),
  });
  const today = new Date();
  const inAYear = new Date(today.getTime() + 365 * 86_400_000);
  const draft = await createDraftVersion(
    models,
    policy,
    {
      label: `${today.getFullYear()}.1`,
      bodyMarkdown: readFileSync(path.join(__dirname, 'sample-policy.md'), 'utf8'),
      keyPoints: [
        'Keep your passwords to yourself and lock your screen',
        'Keep personal data on school systems only',
        'Report anything inappropriate to the online safety officer the same day',
        'Report a suspected virus to the ICT helpdesk straight away',
      ],
      effectiveDate: today,
      reviewDate: today,
      nextReviewDate: inAYear,
      dueDays: 14,
      material: true,
    },
    policy.ownerId,
  );
  const version = await publishVersion(models, draft._id, policy.ownerId, today);
  const published = (await models.Policy.findById(policy._id).lean())!;
  await startCampaign(
    { models, jobs, now: () => new Date(), timeZone },
    { policy: published, version, actor: { personId: policy.ownerId } },
  );
  return true;
}
