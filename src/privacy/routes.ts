import { z } from 'zod';
import type { ApiRoute } from '../http/server';
import { idText, parseInput } from '../shared/input';
import type { Models } from '../store/models';
import { subjectAccessZip } from './subject-access';

export interface PrivacyRouteDeps {
  readonly models: Models;
  readonly now: () => Date;
  readonly timeZone: string;
}

const idParams = z.object({ id: idText });

/** The privacy REST API: a subject-access export, for the DPO and the trust admin. */
export function privacyRoutes(deps: PrivacyRouteDeps): ApiRoute[] {
  return [
    {
      method: 'get',
      path: '/api/people/:id/subject-access.zip',
      access: { roles: ['dpo', 'trust_admin'] },
      reply: async ({ actor, params }) => {
        const { id } = parseInput(idParams, params);
        const { filename, buffer } = await subjectAccessZip(deps, actor, id);
        return { status: 200, contentType: 'application/zip', filename, buffer };
      },
    },
  ];
}
