import { dueDatesFor } from '../campaigns';
import type { Person } from '../directory';
import { appliesTo, policiesWithCurrentVersion, versionsById } from '../policies';
import type { Models } from '../store/models';
import { signaturesBy } from './store';

interface PolicyRef {
  policyId: string;
  policyVersionId: string;
  title: string;
  label: string;
}

export interface OutstandingPolicy extends PolicyRef {
  dueAt: Date | null;
  keyPoints: string[];
}

export interface SignedPolicy extends PolicyRef {
  signedAt: Date;
  signedName: string;
  jobTitle: string | null;
  /** How it was signed: on the card in Teams, or in the tab. */
  via: 'card' | 'tab';
  /** The version the signature was given to: this one, or an earlier one that still counts. */
  signedLabel: string;
  signedVersionId: string;
}

export interface MyPolicies {
  outstanding: OutstandingPolicy[];
  signed: SignedPolicy[];
}

/** The current versions that ask this person to sign, split into outstanding and signed. */
export async function myPolicies(
  models: Pick<Models, 'Policy' | 'PolicyVersion' | 'Acknowledgement' | 'Delivery'>,
  person: Person,
): Promise<MyPolicies> {
  const policies = (await policiesWithCurrentVersion(models, person.tenantId)).filter(
    (policy) => !policy.archivedAt && appliesTo(policy, person.membershipKeys),
  );
  const versions = [
    ...(
      await versionsById(
        models,
        policies.map((p) => p.currentVersionId!),
        {},
      )
    ).values(),
  ];
  const acceptable = versions.flatMap((v) => [v._id, ...(v.acceptsSignaturesOf ?? [])]);
  const [acks, dueDates] = await Promise.all([
    signaturesBy(models, person._id, acceptable),
    dueDatesFor(
      models,
      person._id,
      versions.map((v) => v._id),
    ),
  ]);
  const outstanding: OutstandingPolicy[] = [];
  const signed: SignedPolicy[] = [];
  for (const version of versions) {
    const policy = policies.find((p) => p._id.equals(version.policyId))!;
    const counted = [version._id, ...(version.acceptsSignaturesOf ?? [])];
    const ack = acks
      .filter((a) => counted.some((id) => id.equals(a.policyVersionId)))
      .sort((a, b) => b.signedAt.getTime() - a.signedAt.getTime())[0];
    const base = {
      policyId: policy._id.toString(),
      policyVersionId: version._id.toString(),
      title: policy.title,
      label: version.label,
    };
    if (ack) {
      signed.push({
        ...base,
        signedAt: ack.signedAt,
        signedName: ack.signedName,
        jobTitle: ack.jobTitle ?? null,
        via: ack.via,
        signedLabel: ack.policyVersionId.equals(version._id) ? version.label : 'an earlier version',
        signedVersionId: ack.policyVersionId.toString(),
      });
    } else {
      outstanding.push({
        ...base,
        dueAt: dueDates.get(version._id.toString()) ?? null,
        keyPoints: version.keyPoints,
      });
    }
  }
  return { outstanding, signed };
}
