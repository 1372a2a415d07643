import type { Actor, Person } from '../directory';
import { AppError } from '../errors';
import type { SchoolClock } from '../shared/time';
import { assertApplies, complianceReaders, inScope, schoolScope } from './access';
import { allOutstanding } from './outstanding';
import {
  evidenceVersion,
  loadSchools,
  peopleByIds,
  signaturesInOrder,
  type SummaryModels,
  versionLabels,
} from './store';

export interface EvidenceSignature {
  signedName: string;
  jobTitle: string | null;
  signedAt: Date;
  via: 'card' | 'tab';
  /** The person as the directory names them, which may differ from the name they signed with. */
  displayName: string;
  /** The version they signed: this one, or an earlier one whose signatures it accepts. */
  versionLabel: string;
  /** Titles of the policies to read with it that they said they read. */
  alsoRead: string[];
}

export interface EvidencePack {
  title: string;
  label: string;
  contentHash: string;
  publishedAt: Date | null;
  effectiveDate: Date;
  nextReviewDate: Date;
  /** The headings of the notices every signer of this version was shown above the signature. */
  notices: string[];
  /** Titles of the other policies this version names to be read with it. */
  readWith: string[];
  /** "All schools of the trust", or the schools the pack is limited to. */
  coverage: string;
  generatedAt: Date;
  generatedBy: string;
  signatures: EvidenceSignature[];
  /** Present while the version is current: who still has to sign it. */
  outstanding: { displayName: string; dueAt: Date; overdue: boolean }[] | null;
}

type Deps = SummaryModels;

/**
 * What an inspector is shown for one published version: every signature on it (and on earlier
 * versions it accepts) by people of the actor's schools, and who is still outstanding.
 */
export async function evidencePack(
  models: Deps,
  actor: Actor,
  policyVersionId: string,
  clock: SchoolClock,
): Promise<EvidencePack> {
  const scope = schoolScope(actor, complianceReaders);
  const found = await evidenceVersion(models, actor.tenantId, policyVersionId);
  if (!found) throw new AppError('not_found', 'There is no published policy version with that id.');
  const { version, policy } = found;
  assertApplies(policy, scope);
  const accepted = [version._id, ...version.acceptsSignaturesOf];
  const labels = await versionLabels(models, accepted);
  const acks = await signaturesInOrder(models, accepted);
  const people = await peopleByIds<Pick<Person, '_id' | 'displayName' | 'membershipKeys'>>(
    models,
    acks.map((a) => a.personId),
    { displayName: 1, membershipKeys: 1 },
  );
  const personOf = new Map(people.map((p) => [p._id.toString(), p]));
  const seen = new Set<string>();
  const signatures = acks.flatMap((ack): EvidenceSignature[] => {
    const person = personOf.get(ack.personId.toString());
    const key = ack.personId.toString();
    // A school-scoped viewer sees the signatures of people of their schools, leavers included.
    if (!person || seen.has(key) || !person.membershipKeys.some((k) => inScope(scope, k.split(':')[0]!)))
      return [];
    seen.add(key);
    return [
      {
        signedName: ack.signedName,
        jobTitle: ack.jobTitle ?? null,
        signedAt: ack.signedAt,
        via: ack.via,
        displayName: person.displayName,
        versionLabel: labels.get(ack.policyVersionId.toString()) ?? version.label,
        alsoRead: (ack.readWith ?? []).map((other) => other.title),
      },
    ];
  });
  const isCurrent = policy.currentVersionId?.equals(version._id) ?? false;
  const schools = await loadSchools(models, actor.tenantId);
  return {
    title: policy.title,
    label: version.label,
    contentHash: version.contentHash ?? '',
    publishedAt: version.publishedAt ?? null,
    effectiveDate: version.effectiveDate,
    nextReviewDate: version.nextReviewDate,
    notices: (version.notices ?? []).map((notice) => notice.heading),
    readWith: (version.readWith ?? []).map((other) => other.title),
    coverage:
      scope.kind === 'trust'
        ? 'All schools of the trust'
        : [...schools.values()]
            .filter((s) => scope.ids.has(s.id))
            .map((s) => s.name)
            .join(', '),
    generatedAt: clock.now,
    generatedBy: actor.displayName,
    signatures,
    outstanding: isCurrent ? await outstandingNow(models, actor, policyVersionId, clock) : null,
  };
}

async function outstandingNow(
  models: Deps,
  actor: Actor,
  policyVersionId: string,
  clock: SchoolClock,
): Promise<NonNullable<EvidencePack['outstanding']>> {
  const { items } = await allOutstanding(models, actor, { policyVersionId, page: 1, format: 'json' }, clock);
  return items.map(({ displayName, dueAt, overdue }) => ({ displayName, dueAt, overdue }));
}
