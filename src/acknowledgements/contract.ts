import { z } from 'zod';
import { idText } from '../shared/input';
import { contractsFor, dateTime, type Wire } from '../http/contract';
import { signatureInput } from './input';

const policyRef = { policyId: z.string(), policyVersionId: z.string(), title: z.string(), label: z.string() };
const api = contractsFor('signing');

/** The current policies that apply to a person, outstanding and signed. */
export const myPoliciesView = z
  .strictObject({
    outstanding: z.array(
      z.strictObject({ ...policyRef, dueAt: dateTime.nullable(), keyPoints: z.array(z.string()) }),
    ),
    signed: z.array(
      z.strictObject({
        ...policyRef,
        signedAt: dateTime,
        signedName: z.string(),
        jobTitle: z.string().nullable(),
        via: z.enum(['card', 'tab']).describe('Signed on the card in Teams, or in the tab.'),
        signedLabel: z
          .string()
          .describe('The version signed: this one, or an earlier one that still counts.'),
        signedVersionId: z.string(),
      }),
    ),
  })
  .meta({ id: 'MyPolicies' });
/** A signature given in the tab. */
export const signedView = z
  .strictObject({
    acknowledgement: z.strictObject({
      policyVersionId: z.string(),
      signedName: z.string(),
      jobTitle: z.string().nullable(),
      signedAt: dateTime,
      contentHash: z.string(),
    }),
    created: z.boolean(),
  })
  .meta({ id: 'Signature' });

export type MyPolicies = Wire<typeof myPoliciesView>;
export type Signed = Wire<typeof signedView>;

/** A person's own policies: what is outstanding, what they signed, and signing in the tab. */
export const acknowledgementContracts = {
  mine: api('get /api/my/policies', 'getMyPolicies', 'signed-in', {
    summary: 'The current policies that apply to me, outstanding and signed',
    responses: { 200: { description: 'Outstanding and signed.', json: myPoliciesView } },
  }),
  sign: api('post /api/my/policies/:versionId/sign', 'signPolicy', 'signed-in', {
    summary: 'Signs a version in the tab (the card then shows it signed too)',
    params: z.strictObject({ versionId: idText }),
    body: signatureInput,
    responses: {
      201: { description: 'Signed now.', json: signedView },
      200: { description: 'Already signed: the signature given before.', json: signedView },
    },
    refusals: ['not_found', 'conflict'],
  }),
};
