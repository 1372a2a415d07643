import { Types } from 'mongoose';
import { findPersonById, type Person } from '../directory';
import { AppError } from '../errors';
import { route, type ContractRoute } from '../http/define';
import type { Models } from '../store/models';
import { acknowledgementContracts as api } from './contract';
import type { Acknowledgements } from './module';

export interface AcknowledgementRouteDeps extends Pick<Acknowledgements, 'sign' | 'mine'> {
  models: Pick<Models, 'Person'>;
}

/** A person's own policies: what is outstanding, what they signed, and signing in the tab. */
export function acknowledgementRoutes(deps: AcknowledgementRouteDeps): ContractRoute[] {
  // By `_id` alone, the tenant checked here: on the embedded database a filter with the tenant in
  // it decodes every person (10,000 of them for each of 500 people signing at once).
  const me = async (tenantId: string, personId: Types.ObjectId): Promise<Person> => {
    const person = await findPersonById(deps.models, personId);
    if (person?.tenantId !== tenantId)
      throw new AppError('forbidden', "You are not in the school's directory.");
    return person;
  };
  return [
    route(api.mine, {
      reply: async ({ actor }) => ({
        status: 200,
        body: await deps.mine(await me(actor.tenantId, actor.personId)),
      }),
    }),
    route(api.sign, {
      reply: async ({ actor, params, body }) => {
        const signed = await deps.sign({
          person: await me(actor.tenantId, actor.personId),
          versionId: new Types.ObjectId(params.versionId),
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
    }),
  ];
}
