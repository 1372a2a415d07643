import { type Actor, auditChange, displayNamesOf, findPerson, type Page, schoolNames } from '../directory';
import { AppError } from '../errors';
import { refusingDuplicate } from '../store/duplicate-key';
import type { Models } from '../store/models';
import { assertManages, assertReadsLibrary } from './access';
import { scopeProblem, type NewPolicy, type PolicyChanges } from './input';
import type { Policy } from './model';
import {
  changePolicy,
  draftCounts,
  findPolicy,
  insertPolicy,
  policyPage,
  versionSummariesOf,
  versionsById,
} from './store';
import {
  defaultReviewRules,
  policySummaryView,
  policyView,
  versionSummaryView,
  type PolicyDetailView,
  type PolicySummaryView,
  type PolicyView,
  type ReviewRules,
} from './views';

export type LibraryModels = Pick<
  Models,
  'Policy' | 'PolicyVersion' | 'School' | 'Person' | 'AuditEvent' | 'AuditHead'
>;

type Problem = { path: string; message: string };

export const policyPageSize = 50;

/** Adds a policy to the library; its text comes with its first version. */
export async function createPolicy(
  models: LibraryModels,
  actor: Actor,
  input: NewPolicy,
): Promise<PolicyView> {
  const schoolIds = input.scope === 'schools' ? (input.schoolIds ?? []) : [];
  const ownerId = input.ownerId ?? actor.personId.toString();
  await assertReferencesExist(models, actor.tenantId, schoolIds, ownerId);
  assertManages(actor, { scope: input.scope, schoolIds });
  const policy = await refusingDuplicate(
    insertPolicy(models, {
      tenantId: actor.tenantId,
      title: input.title,
      audiences: input.audiences,
      scope: input.scope,
      schoolIds,
      ownerId,
    }),
    () => titleTaken(input.title),
  );
  await auditChange(models, actor, 'policy.created', policySubject(policy), {
    scope: policy.scope,
    audiences: policy.audiences.join(','),
    schools: policy.schoolIds.length,
  });
  return policyView(policy, await ownerName(models, policy));
}

/**
 * Changes who a policy is for, its title or its owner. Once a version has been published, the
 * title (part of what people accepted) is fixed and the policy can only reach more people, never
 * fewer: narrowing it would leave requests to sign a policy that no longer applies to them.
 */
export async function updatePolicy(
  models: LibraryModels,
  actor: Actor,
  policyId: string,
  changes: PolicyChanges,
): Promise<PolicyView> {
  const policy = await loadPolicy(models, actor.tenantId, policyId);
  assertManages(actor, policy);
  const scope = changes.scope ?? policy.scope;
  const schoolIds =
    changes.schoolIds ?? (scope === 'trust' ? [] : policy.schoolIds.map((id) => id.toString()));
  const problem = scopeProblem(scope, schoolIds);
  if (problem) throw invalid([{ path: 'schoolIds', message: problem }]);
  await assertReferencesExist(models, actor.tenantId, schoolIds, changes.ownerId);
  assertManages(actor, { scope, schoolIds });
  const next = {
    title: changes.title ?? policy.title,
    audiences: changes.audiences ?? policy.audiences,
    scope,
    schoolIds,
  };
  if (policy.currentVersionId) assertOnlyWidens(policy, next);
  const set = { ...next, ...(changes.ownerId ? { ownerId: changes.ownerId } : {}) };
  const updated = await refusingDuplicate(changePolicy(models, policy, set), () => titleTaken(next.title));
  if (!updated)
    throw new AppError('conflict', 'This policy changed while you were editing it. Reload it and try again.');
  await auditChange(models, actor, 'policy.updated', policySubject(updated), {
    changed: changedFields(policy, updated).join(','),
  });
  return policyView(updated, await ownerName(models, updated));
}

/** One page of the library, by title, with where each policy stands. */
export async function listPolicies(
  models: LibraryModels,
  actor: Actor,
  query: { page: number },
  now: Date,
  rules: ReviewRules = defaultReviewRules,
): Promise<Page<PolicySummaryView>> {
  assertReadsLibrary(actor);
  const { policies, total } = await policyPage(models, actor.tenantId, {
    page: query.page,
    pageSize: policyPageSize,
  });
  const [currents, drafts, owners] = await Promise.all([
    versionsById(
      models,
      policies.flatMap((policy) => (policy.currentVersionId ? [policy.currentVersionId] : [])),
      { label: 1, publishedAt: 1, nextReviewDate: 1 },
    ),
    draftCounts(
      models,
      policies.map((policy) => policy._id),
    ),
    ownerNames(models, policies),
  ]);
  const items = policies.map((policy) =>
    policySummaryView(
      policy,
      owners.get(policy.ownerId.toString()) ?? null,
      (policy.currentVersionId && currents.get(policy.currentVersionId.toString())) || null,
      drafts.get(policy._id.toString()) ?? 0,
      now,
      rules,
    ),
  );
  return { items, page: query.page, pageSize: policyPageSize, total };
}

/** A policy with all its versions, newest first. */
export async function getPolicy(
  models: LibraryModels,
  actor: Actor,
  policyId: string,
  now: Date,
  rules: ReviewRules = defaultReviewRules,
): Promise<PolicyDetailView> {
  assertReadsLibrary(actor);
  const policy = await loadPolicy(models, actor.tenantId, policyId);
  const versions = await versionSummariesOf(models, policy._id);
  const current = versions.find((version) => policy.currentVersionId?.equals(version._id)) ?? null;
  const drafts = versions.filter((version) => version.status === 'draft').length;
  return {
    ...policySummaryView(policy, await ownerName(models, policy), current, drafts, now, rules),
    versions: versions.map((version) => versionSummaryView(version, policy)),
  };
}

/** The tenant's policy with this id, or a 404. */
export async function loadPolicy(
  models: Pick<Models, 'Policy'>,
  tenantId: string,
  policyId: string,
): Promise<Policy> {
  const policy = await findPolicy(models, tenantId, policyId);
  if (!policy) throw new AppError('not_found', 'There is no such policy.');
  return policy;
}

export const policySubject = (policy: Pick<Policy, '_id'>) => ({ kind: 'policy', id: policy._id.toString() });

/** The schools must be the trust's, and the owner an active person of it; every problem is listed. */
async function assertReferencesExist(
  models: LibraryModels,
  tenantId: string,
  schoolIds: readonly string[],
  ownerId: string | undefined,
): Promise<void> {
  const problems: Problem[] = [];
  if (schoolIds.length > 0) {
    const known = await schoolNames(models, tenantId, schoolIds);
    schoolIds.forEach((id, index) => {
      if (!known.has(id))
        problems.push({ path: `schoolIds.${index}`, message: 'is not a school of this trust' });
    });
  }
  if (ownerId) {
    const owner = await findPerson(models, tenantId, ownerId);
    if (!owner?.active)
      problems.push({ path: 'ownerId', message: 'is not an active person in the directory' });
  }
  if (problems.length > 0) throw invalid(problems);
}

function assertOnlyWidens(
  policy: Policy,
  next: { title: string; audiences: readonly string[]; scope: string; schoolIds: readonly string[] },
): void {
  const reasons: string[] = [];
  if (next.title !== policy.title) {
    reasons.push(
      'its title is part of what people accepted, so it cannot change once a version is published',
    );
  }
  const droppedAudiences = policy.audiences.filter((audience) => !next.audiences.includes(audience));
  if (droppedAudiences.length > 0)
    reasons.push(`it can no longer stop applying to: ${droppedAudiences.join(', ')}`);
  const nextSchools = new Set(next.schoolIds);
  const narrowed =
    next.scope !== 'trust' &&
    (policy.scope === 'trust' || policy.schoolIds.some((id) => !nextSchools.has(id.toString())));
  if (narrowed) reasons.push('it can no longer stop applying to a school it already covers');
  if (reasons.length === 0) return;
  throw new AppError(
    'conflict',
    `This policy has a published version that people have been asked to accept: ${reasons.join('; ')}. You can still add audiences or schools, and change its owner.`,
  );
}

function changedFields(before: Policy, after: Policy): string[] {
  const text = (policy: Policy) => ({
    title: policy.title,
    audiences: [...policy.audiences].sort().join(','),
    scope: policy.scope,
    schoolIds: policy.schoolIds
      .map((id) => id.toString())
      .sort()
      .join(','),
    ownerId: policy.ownerId.toString(),
  });
  const [a, b] = [text(before), text(after)];
  return (Object.keys(a) as (keyof typeof a)[]).filter((key) => a[key] !== b[key]);
}

async function ownerNames(models: LibraryModels, policies: readonly Policy[]): Promise<Map<string, string>> {
  if (policies.length === 0) return new Map();
  return displayNamesOf(
    models,
    policies.map((policy) => policy.ownerId),
  );
}

async function ownerName(models: LibraryModels, policy: Policy): Promise<string | null> {
  return (await ownerNames(models, [policy])).get(policy.ownerId.toString()) ?? null;
}

const invalid = (problems: Problem[]): AppError =>
  new AppError('validation_failed', 'Some of the details sent are not valid.', problems);

const titleTaken = (title: string): AppError =>
  new AppError('already_exists', `Another policy is already called "${title}". Choose another title.`);
