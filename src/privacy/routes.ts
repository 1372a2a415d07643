import { route, type ContractRoute } from '../http/define';
import type { Models } from '../store/models';
import { privacyContracts as api } from './contract';
import { subjectAccessZip } from './subject-access';

export interface PrivacyRouteDeps {
  readonly models: Models;
  readonly now: () => Date;
  readonly timeZone: string;
}

/** The privacy REST API: a subject-access export, for the DPO and the trust admin. */
export function privacyRoutes(deps: PrivacyRouteDeps): ContractRoute[] {
  return [
    route(api.subjectAccess, {
      reply: async ({ actor, params }) => {
        const { filename, buffer } = await subjectAccessZip(deps, actor, params.id);
        return { status: 200, contentType: 'application/zip', filename, buffer };
      },
    }),
  ];
}
