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

/**
 * For a form of one field: the server's message for that field, or its whole message when it named
 * no field (the refusal is about the field all the same).
 */
export function onlyFieldError(
  error: ApiError | null | undefined,
  path: string,
): { validationMessage?: string; validationState?: 'error' } {
  return error && error.details.length === 0
    ? { validationMessage: error.message, validationState: 'error' }
    : fieldError(error ?? undefined, path);
}
