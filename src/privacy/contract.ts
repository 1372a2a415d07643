import { z } from 'zod';
import { contractsFor } from '../http/contract';
import { idText } from '../shared/input';

const api = contractsFor('privacy');
const officers = ['dpo', 'trust_admin'] as const;

/** The privacy API: a person's subject-access export. */
export const privacyContracts = {
  subjectAccess: api('get /api/people/:id/subject-access.zip', 'getSubjectAccessExport', officers, {
    summary: 'Everything Conduct holds about a person, for a subject-access request (DPO, trust admin)',
    params: z.strictObject({ id: idText }),
    responses: {
      200: { description: 'A ZIP of the records as JSON, with a readable PDF.', file: 'application/zip' },
    },
    refusals: ['not_found'],
  }),
};
