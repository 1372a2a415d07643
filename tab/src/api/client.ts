import type { Session } from '../host/session';

/** An error answer from Conduct: its message is written to be shown to the person. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: readonly { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

export interface Api {
  get: <T>(path: string, signal?: AbortSignal) => Promise<T>;
  post: <T>(path: string, body?: unknown) => Promise<T>;
  patch: <T>(path: string, body: unknown) => Promise<T>;
  put: <T>(path: string, body: unknown) => Promise<T>;
  del: (path: string) => Promise<void>;
  /** Sends a file as the raw request body. */
  upload: <T>(path: string, file: File) => Promise<T>;
  /** Fetches a file (CSV, PDF) with the person's sign-in and saves it. */
  download: (path: string, fallbackName: string) => Promise<void>;
}

const unreachable = 'Conduct did not answer. Check your connection and try again.';

export function createApi(session: Session): Api {
  const send = async (path: string, init: RequestInit, retried = false): Promise<Response> => {
    const token = retried ? await session.renew() : await session.token();
    const response = await fetch(path, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` },
    }).catch((error: unknown) => {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new ApiError(0, 'unreachable', unreachable);
    });
    if (response.status === 401 && !retried) return send(path, init, true);
    if (!response.ok) throw await errorOf(response);
    return response;
  };
  const json = async <T>(path: string, init: RequestInit): Promise<T> => {
    const response = await send(path, init);
    return (response.status === 204 ? undefined : await response.json()) as T;
  };
  const withBody = (method: string, body: unknown): RequestInit =>
    body === undefined
      ? { method }
      : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  return {
    get: (path, signal) => json(path, { method: 'GET', ...(signal ? { signal } : {}) }),
    post: (path, body) => json(path, withBody('POST', body)),
    patch: (path, body) => json(path, withBody('PATCH', body)),
    put: (path, body) => json(path, withBody('PUT', body)),
    del: async (path) => {
      await send(path, { method: 'DELETE' });
    },
    upload: (path, file) =>
      json(`${path}${path.includes('?') ? '&' : '?'}filename=${encodeURIComponent(file.name)}`, {
        method: 'POST',
        headers: { 'content-type': file.type || 'application/octet-stream' },
        body: file,
      }),
    download: async (path, fallbackName) => {
      const response = await send(path, { method: 'GET' });
      const name =
        /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
      const url = URL.createObjectURL(await response.blob());
      const link = Object.assign(document.createElement('a'), { href: url, download: name });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  };
}

async function errorOf(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => undefined)) as
    | { error?: { code?: string; message?: string; details?: { path: string; message: string }[] } }
    | undefined;
  const error = body?.error;
  return new ApiError(
    response.status,
    error?.code ?? 'unknown',
    error?.message ?? `Conduct answered with an error (${response.status}). Try again in a moment.`,
    error?.details ?? [],
  );
}
