import { z } from 'zod';
import { contract } from '../http/contract';
import { idText } from '../shared/input';

/** The privacy API: a person's subject-access export. */
export const privacyContracts = {
  subjectAccess: contract({
    method: 'get',
    path: '/api/people/:id/subject-access.zip',
    operationId: 'getSubjectAccessExport',
    summary: 'Everything Conduct holds about a person, for a subject-access request (DPO, trust admin)',
    tag: 'privacy',
    access: { roles: ['dpo', 'trust_admin'] },
    params: z.strictObject({ id: idText }),
    responses: {
      200: { description: 'A ZIP of the records as JSON, with a readable PDF.', file: 'application/zip' },
    },
    refusals: ['not_found'],
  }),
};
