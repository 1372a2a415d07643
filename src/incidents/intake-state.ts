import type { Person } from '../directory';
import { AppError } from '../errors';
import { findIncidentType, type IncidentType } from './catalogue';
import type { Intake } from './intake-model';

// Reading a report in progress: who is making it, its type and its answers so far. Both the
// intake steps (./intake) and the prompts (./prompt) read it, so it sits apart from either.

/** The person making a report, as the directory knows them. */
export type Reporter = Pick<Person, '_id' | 'tenantId' | 'displayName' | 'memberships'>;

export const asksSchool = (reporter: Reporter): boolean =>
  new Set(reporter.memberships.map((m) => m.schoolId.toString())).size > 1;

export function typeOf(intake: Intake): IncidentType {
  const type = findIncidentType(intake.type);
  if (!type)
    throw new AppError(
      'conflict',
      'This kind of report is no longer offered; please start again with "report".',
    );
  return type;
}

/** The answers so far, by field key (sealed ones as ciphertext). */
export const answersOf = (intake: Pick<Intake, 'answers'>): Record<string, unknown> =>
  (intake.answers ?? {}) as Record<string, unknown>;
