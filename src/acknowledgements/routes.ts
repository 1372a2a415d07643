import { Types } from 'mongoose';
import { z } from 'zod';
import { findPerson, type Person } from '../directory';
import { idText, parseInput } from '../shared/input';
import { AppError } from '../errors';
import type { ApiRoute } from '../http/server';
import type { Models } from '../store/models';
import { signatureInput } from './input';
import type { Acknowledgements } from './module';

export interface AcknowledgementRouteDeps extends Pick<Acknowledgements, 'sign' | 'mine'> {
  models: Pick<Models, 'Person'>;
}

const versionParams = z.object({ versionId: idText });

/** A person's own policies: what is outstanding, what they signed, and signing in the tab. */
export function acknowledgementRoutes(deps: AcknowledgementRouteDeps): ApiRoute[] {
  const me = async (tenantId: string, personId: Types.ObjectId): Promise<Person> => {
    const person = await findPerson(deps.models, tenantId, personId);
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
        body: await deps.mine(await me(actor.tenantId, actor.personId)),
      }),
    },
    {
      method: 'post',
      path: '/api/my/policies/:versionId/sign',
      access: 'signed-in',
      reply: async ({ actor, params, body: rawBody }) => {
        const { versionId } = parseInput(versionParams, params);
        const body = parseInput(signatureInput, rawBody);
        const signed = await deps.sign({
          person: await me(actor.tenantId, actor.personId),
          versionId: new Types.ObjectId(versionId),
          signedName: body.signedName,
          jobTitle: body.jobTitle,
          accepted: body.accepted,
          via: 'tab',
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
