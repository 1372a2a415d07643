import type { z } from 'zod';
import type { JobControl } from './scheduler';

/** A job's stored data did not fit its schema: the job is dropped, and the scheduler logs why. */
export class RefusedJobPayload extends Error {
  constructor(job: string, problems: readonly string[]) {
    // Only the paths and what was wrong: never the values, which could be personal data.
    super(`${job}: payload refused (${problems.join('; ')})`);
    this.name = 'RefusedJobPayload';
  }
}

/**
 * Wraps a job so that it runs only on data its schema accepts. Jobs are stored in the database and
 * may outlive the code that queued them; one that no longer fits fails with RefusedJobPayload,
 * which the scheduler logs as a failed job (it is not retried), instead of running on bad data.
 */
export function checkedPayload<S extends z.ZodType>(
  job: string,
  schema: S,
  run: (data: z.infer<S>, control: JobControl) => Promise<void>,
): (data: Record<string, unknown>, control: JobControl) => Promise<void> {
  return async (data, control) => {
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      throw new RefusedJobPayload(
        job,
        parsed.error.issues.map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`),
      );
    }
    await run(parsed.data, control);
  };
}
