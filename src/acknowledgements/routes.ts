import { Types } from 'mongoose';
import { z } from 'zod';
import type { Person } from '../directory';
import { idText, parseInput } from '../shared/input';
import { AppError } from '../errors';
import type { ApiRoute } from '../http/server';
import type { Models } from '../store/models';
import { myPolicies } from './mine';
import { signPolicyVersion } from './sign';

export interface AcknowledgementRouteDeps {
  models: Models;
  now: () => Date;
}

const versionParams = z.object({ versionId: idText });
const signInput = z.strictObject({
  signedName: z.string().max(1_000),
  jobTitle: z.string().max(1_000).optional(),
  accepted: z.boolean(),
});

/** A person's own policies: what is outstanding, what they signed, and signing in the tab. */
export function acknowledgementRoutes(deps: AcknowledgementRouteDeps): ApiRoute[] {
  const { models } = deps;
  const me = async (tenantId: string, personId: Types.ObjectId): Promise<Person> => {
    const person = await models.Person.findOne({ _id: personId, tenantId }).lean<Person>();
    if (!person) throw new AppError('forbidden', "You are not in the school's directory.");
    return person;
  };
  return [
    {
      method: 'get',
      path: '/api/my/policies',
      access: 'signed-in',
      reply: async ({ actor }) => ({
        status: 200,
        body: await myPolicies(models, await me(actor.tenantId, actor.personId)),
      }),
    },
    {
      method: 'post',
      path: '/api/my/policies/:versionId/sign',
      access: 'signed-in',
      reply: async ({ actor, params, body: rawBody }) => {
        const { versionId } = parseInput(versionParams, params);
        const body = parseInput(signInput, rawBody);
        const signed = await signPolicyVersion(models, {
          person: await me(actor.tenantId, actor.personId),
          versionId: new Types.ObjectId(versionId),
          signedName: body.signedName,
          jobTitle: body.jobTitle,
          accepted: body.accepted,
          via: 'tab',
          now: deps.now(),
        });
        const acknowledgement = {
          acknowledgement: {
            policyVersionId: signed.version._id.toString(),
            signedName: signed.acknowledgement.signedName,
            jobTitle: signed.acknowledgement.jobTitle ?? null,
            signedAt: signed.acknowledgement.signedAt,
            contentHash: signed.acknowledgement.contentHash,
          },
          created: signed.created,
        };
        return { status: signed.created ? 201 : 200, body: acknowledgement };
      },
    },
  ];
}
