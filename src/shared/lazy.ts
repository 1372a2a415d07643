/**
 * A value made by `attempt` on the first call and kept while it succeeds: callers that come while
 * it is being made share the one attempt, and a failed attempt is forgotten, so the next call tries
 * again (a module that did not load, a server that did not answer).
 */
export function lazy<T>(attempt: () => Promise<T>): () => Promise<T> {
  let kept: Promise<T> | undefined;
  return () => {
    kept ??= attempt().catch((error: unknown) => {
      kept = undefined;
      throw error;
    });
    return kept;
  };
}
