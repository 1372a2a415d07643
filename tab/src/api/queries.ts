import {
  QueryClient,
  keepPreviousData,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryKey,
  type UseMutationResult,
} from '@tanstack/react-query';
import { useApp } from '../context';
import { useNotify } from '../notify';
import { ApiError } from './client';

/**
 * One query cache for the tab. A page shows what is cached at once and reads it again as it opens;
 * nothing is read again behind the person's back (a read of a restricted report is audited, so it
 * happens when they open it, not whenever the window gets focus); a change invalidates what it changed.
 * Errors are shown, never retried silently.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { refetchOnWindowFocus: false, retry: false },
      mutations: { retry: false },
    },
  });
}

/**
 * The cache key of an API path: its segments, then its query string as an object —
 * "/api/incidents/42" is ["incidents", "42"], "/api/incidents?page=2" is ["incidents", { page: "2" }] —
 * so invalidating ["incidents"] reaches the queue and every report under it.
 */
export function queryKeyOf(path: string): QueryKey {
  const [pathname = '', search] = path.replace(/^\/api\//, '').split('?');
  const segments: unknown[] = pathname.split('/').filter(Boolean);
  const query = new URLSearchParams(search ?? '');
  if ([...query.keys()].length > 0) segments.push(Object.fromEntries(query.entries()));
  return segments;
}

export const asApiError = (error: unknown): ApiError =>
  error instanceof ApiError
    ? error
    : new ApiError(0, 'unknown', 'Something went wrong in the tab. Reload it and try again.');

export interface Resource<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

/** Reads an API resource through the query cache. Null: nothing to read yet. */
export function useResource<T>(path: string | null): Resource<T> {
  const { api } = useApp();
  const query = useQuery({
    queryKey: path === null ? ['nothing'] : queryKeyOf(path),
    queryFn: ({ signal }) => api.get<T>(path!, signal),
    enabled: path !== null,
    // While another page or filter loads, the table shows what it showed, not a spinner.
    placeholderData: keepPreviousData,
  });
  return {
    data: query.data,
    error: query.error ? asApiError(query.error) : undefined,
    loading: query.isFetching,
    reload: () => void query.refetch(),
  };
}

/** A change through the API: on success the given resources (API paths or cache keys) are read again. */
export function useChange<Input, Output>(
  send: (input: Input) => Promise<Output>,
  changes: (input: Input, output: Output) => readonly (string | QueryKey)[],
): UseMutationResult<Output, ApiError, Input> {
  const client = useQueryClient();
  return useMutation<Output, ApiError, Input>({
    mutationFn: (input) => send(input).catch((error: unknown) => Promise.reject(asApiError(error))),
    onSuccess: async (output, input) => {
      await Promise.all(
        changes(input, output).map((changed) =>
          client.invalidateQueries({
            queryKey: typeof changed === 'string' ? queryKeyOf(changed) : changed,
          }),
        ),
      );
    },
  });
}

/** Downloads a file from the API, saying so when it fails (`failed`, with the server's reason) and, given `done`, when it worked. */
export function useDownload(): (
  path: string,
  fileName: string,
  say: { failed: string; done?: string },
) => void {
  const { api } = useApp();
  const notify = useNotify();
  return (path, fileName, { failed, done }) =>
    void api.download(path, fileName).then(
      () => (done ? notify('success', done) : undefined),
      (error: unknown) => notify('error', failed, asApiError(error).message),
    );
}
