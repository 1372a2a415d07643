import { z } from 'zod';
import { idText } from '../shared/input';
import { audiences } from '../directory';
import { incidentContracts } from '../incidents/contract';

/** The department filter's value for people whose department is not recorded. */
export const noDepartment = '(none)';

export const overviewQueryInput = z.strictObject({ school: idText.optional() });

export const outstandingQueryInput = z.strictObject({
  policyVersionId: idText,
  school: idText.optional(),
  audience: z.enum(audiences).optional(),
  department: z.string().trim().min(1).max(200).optional(),
  q: z.string().trim().max(100).optional(),
  /** The page's number as the tab counts it; which people it shows is decided by `after`/`before`. */
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  after: z.string().max(2_000).optional(),
  before: z.string().max(2_000).optional(),
  format: z.enum(['json', 'csv']).default('json'),
});
export type OutstandingQuery = z.infer<typeof outstandingQueryInput>;

export const exportQueryInput = z.strictObject({ school: idText.optional() });

/** The incident export takes the queue's filters, without paging. */
export const incidentExportQueryInput = incidentContracts.list.query.omit({ page: true });

export const versionParams = z.strictObject({ policyVersionId: idText });
