import type { Types } from 'mongoose';
import type { Person } from '../directory';
import type { Route } from '../http/server';
import type { Models } from '../store/models';
import { myPolicies, type MyPolicies } from './mine';
import { acknowledgementRoutes } from './routes';
import { signPolicyVersion, type SignDeps, type SignRequest, type SignResult } from './sign';
import { versionStanding, type VersionStanding } from './status';

type Signer = Pick<Person, '_id' | 'tenantId' | 'membershipKeys' | 'active'>;

/** Acknowledgements as the composition root and the bot see them. */
export interface Acknowledgements {
  readonly routes: readonly Route[];
  /** Records a signature exactly once (see `signPolicyVersion`), now. */
  sign: (request: Omit<SignRequest, 'now'>) => Promise<SignResult>;
  /** Where the person stands with one version: what their card should show. */
  standing: (person: Signer, versionId: Types.ObjectId) => Promise<VersionStanding>;
  /** The current versions that ask this person to sign, outstanding and signed. */
  mine: (person: Person) => Promise<MyPolicies>;
}

export interface AcknowledgementsDeps {
  readonly models: Models;
  readonly now: () => Date;
  /** Told of each new signature made without a claim (compliance counts it). */
  readonly signed: SignDeps['signed'];
  /** Signing's fast path: compliance claims the signer's standing (see `SignDeps.claim`). */
  readonly claim?: SignDeps['claim'];
}

/** Signing policy versions, in Teams or in the tab, and what each person has still to sign. */
export function createAcknowledgements(deps: AcknowledgementsDeps): Acknowledgements {
  const { models, now } = deps;
  const acknowledgements: Omit<Acknowledgements, 'routes'> = {
    sign: (request) =>
      signPolicyVersion({ models, signed: deps.signed, claim: deps.claim }, { ...request, now: now() }),
    standing: (person, versionId) => versionStanding(models, person, versionId),
    mine: (person) => myPolicies(models, person),
  };
  return { ...acknowledgements, routes: acknowledgementRoutes({ models, ...acknowledgements }) };
}
