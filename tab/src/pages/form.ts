import type { ApiError } from '../api/client';

/** The server's message for one field of a refused form, as Fluent Field props. */
export function fieldError(
  error: ApiError | undefined,
  path: string,
): { validationMessage?: string; validationState?: 'error' } {
  const messages = (error?.details ?? [])
    .filter((d) => d.path === path || d.path.startsWith(`${path}.`))
    .map((d) => d.message);
  return messages.length > 0 ? { validationMessage: messages.join('; '), validationState: 'error' } : {};
}
