import { type Actor, auditChange, findPersonById, type Person } from '../directory';
import { AppError } from '../errors';
import type { Models } from '../store/models';
import { appliesTo, assertManages, assertReadsLibrary, readsLibrary } from './access';
import { dateProblems, type NewVersion, type VersionChanges } from './input';
import { loadPolicy, type LibraryModels } from './library';
import type { Policy, PolicyVersion } from './model';
import { readWithPolicies } from './read-together';
import { createDraftVersion, findVersionOf, reviseDraftVersion, type DraftFields } from './store';
import { dayDate, dayText, versionView, type VersionView } from './views';

export type VersionModels = LibraryModels;

/** Adds a draft version to a policy. Nothing is sent until it is published. */
export async function addVersion(
  models: VersionModels,
  actor: Actor,
  policyId: string,
  input: NewVersion,
): Promise<VersionView> {
  const policy = await loadPolicy(models, actor.tenantId, policyId);
  assertManages(actor, policy);
  const fields = await draftFields(models, policy, input);
  const version = await createDraftVersion(models, policy, fields, actor.personId);
  await auditChange(models, actor, 'policy_version.created', versionSubject(version), {
    policyId: policy._id.toString(),
    material: version.material,
  });
  return versionView(version, policy);
}

/** Changes a draft. A published version is refused with policy_version_published. */
export async function reviseDraft(
  models: VersionModels,
  actor: Actor,
  policyId: string,
  versionId: string,
  changes: VersionChanges,
): Promise<VersionView> {
  const policy = await loadPolicy(models, actor.tenantId, policyId);
  assertManages(actor, policy);
  const version = await loadVersion(models, policy, versionId);
  if (version.status === 'published') throw publishedAlready(version);
  const problems = dateProblems({
    effectiveDate: changes.effectiveDate ?? dayText(version.effectiveDate),
    reviewDate: changes.reviewDate ?? dayText(version.reviewDate),
    nextReviewDate: changes.nextReviewDate ?? dayText(version.nextReviewDate),
  });
  if (problems.length > 0) {
    throw new AppError('validation_failed', 'Some of the details sent are not valid.', problems);
  }
  const revised = await reviseDraftVersion(models, version._id, await draftFields(models, policy, changes));
  await auditChange(models, actor, 'policy_version.revised', versionSubject(revised), {
    policyId: policy._id.toString(),
    changed: Object.keys(changes).sort().join(','),
  });
  return versionView(revised, policy);
}

/**
 * A version with its full text. The library's readers see any version; anyone else only a
 * published version of a policy that applies to them (the page a card's "read the policy" opens).
 */
export async function getVersion(
  models: VersionModels,
  actor: Actor,
  policyId: string,
  versionId: string,
): Promise<VersionView> {
  const policy = await loadPolicy(models, actor.tenantId, policyId);
  const version = await loadVersion(models, policy, versionId);
  if (readsLibrary(actor)) return versionView(version, policy);
  if (version.status !== 'published') throw noSuchVersion();
  const person = await findPersonById<Pick<Person, 'membershipKeys'>>(models, actor.personId, {
    membershipKeys: 1,
  });
  if (!appliesTo(policy, person?.membershipKeys ?? [])) {
    throw new AppError(
      'forbidden',
      'This policy is not one you are asked to accept, so you cannot open it here.',
    );
  }
  return versionView(version, policy);
}

/** The card a version would send, built for the signed-in person as its recipient; drafts too. */
export async function previewVersion(
  models: VersionModels,
  renderCard: RenderCard,
  actor: Actor,
  policyId: string,
  versionId: string,
): Promise<{ card: unknown }> {
  assertReadsLibrary(actor);
  const policy = await loadPolicy(models, actor.tenantId, policyId);
  const version = await loadVersion(models, policy, versionId);
  const person = await findPersonById<Pick<Person, 'jobTitle'>>(models, actor.personId, { jobTitle: 1 });
  const recipient = {
    displayName: actor.displayName,
    ...(person?.jobTitle ? { jobTitle: person.jobTitle } : {}),
  };
  return { card: renderCard({ policy, version, recipient }) };
}

/** Builds a version's Adaptive Card for one recipient (the bot's pure card builder). */
export type RenderCard = (input: {
  policy: Policy;
  version: PolicyVersion;
  recipient: { displayName: string; jobTitle?: string };
}) => unknown;

/** The version of this policy with this id, or a 404. */
export async function loadVersion(
  models: Pick<Models, 'PolicyVersion'>,
  policy: Pick<Policy, '_id'>,
  versionId: string,
): Promise<PolicyVersion> {
  const version = await findVersionOf(models, policy._id, versionId);
  if (!version) throw noSuchVersion();
  return version;
}

export const versionSubject = (version: Pick<PolicyVersion, '_id'>) => ({
  kind: 'policy_version',
  id: version._id.toString(),
});

export const publishedAlready = (version: Pick<PolicyVersion, 'label'>): AppError =>
  new AppError(
    'policy_version_published',
    `Version ${version.label} is published and can no longer be changed: people accept exactly what was published. Add a new version instead.`,
  );

const noSuchVersion = (): AppError => new AppError('not_found', 'There is no such version of this policy.');

type DraftOf = Pick<Policy, '_id' | 'tenantId'>;
function draftFields(models: VersionModels, policy: DraftOf, input: NewVersion): Promise<DraftFields>;
function draftFields(
  models: VersionModels,
  policy: DraftOf,
  input: VersionChanges,
): Promise<Partial<DraftFields>>;
async function draftFields(
  models: VersionModels,
  policy: DraftOf,
  input: VersionChanges,
): Promise<Partial<DraftFields>> {
  const { effectiveDate, reviewDate, nextReviewDate, readWith, ...rest } = input;
  return {
    ...rest,
    ...(readWith ? { readWith: await readWithPolicies(models, policy, readWith) } : {}),
    ...(effectiveDate ? { effectiveDate: dayDate(effectiveDate) } : {}),
    ...(reviewDate ? { reviewDate: dayDate(reviewDate) } : {}),
    ...(nextReviewDate ? { nextReviewDate: dayDate(nextReviewDate) } : {}),
  };
}
