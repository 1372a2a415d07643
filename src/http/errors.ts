import type { Logger } from 'pino';
import { isAppError } from '../errors';

export interface ErrorBody {
  error: {
    code: string;
    message: string;
    requestId: string;
    details?: readonly { path: string; message: string }[];
  };
}

/** Restify's own errors (unknown route, bad JSON, body too large) carry these. */
interface HttpErrorLike {
  statusCode: number;
  message: string;
}

const restifyMessages: Record<number, { code: string; message: string }> = {
  400: { code: 'bad_request', message: 'The request could not be read. Check that the body is valid JSON.' },
  404: { code: 'not_found', message: 'There is nothing at this address.' },
  405: { code: 'method_not_allowed', message: 'This address does not accept that method.' },
  406: { code: 'not_acceptable', message: 'This address cannot answer in the format asked for.' },
  413: { code: 'payload_too_large', message: 'The request body is too large.' },
  415: {
    code: 'unsupported_media_type',
    message: 'The request body is of a type this address does not accept.',
  },
};

const isHttpErrorLike = (error: unknown): error is HttpErrorLike =>
  typeof error === 'object' &&
  error !== null &&
  typeof (error as { statusCode?: unknown }).statusCode === 'number' &&
  (error as { statusCode: number }).statusCode >= 400 &&
  (error as { statusCode: number }).statusCode < 500;

/** The driver's and mongoose's ways of saying the database is slow, busy or out of reach. */
const databaseUnavailableNames = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoTimeoutError',
  'MongoWaitQueueTimeoutError',
  'MongoOperationTimeoutError',
  'MongoPoolClearedError',
]);

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (databaseUnavailableNames.has(error.name)) return true;
  const code = (error as { code?: unknown }).code;
  // 50: MaxTimeMSExpired; mongoose's own queue gives up with "buffering timed out".
  return code === 50 || /buffering timed out/.test(error.message);
}

/** Seconds a client should wait before trying again when the database is unavailable. */
export const databaseRetryAfterSeconds = 10;

/**
 * Turns anything thrown into a status and a body that is safe to show. Only AppError messages
 * and restify's 4xx reach the client; anything else is logged and answered with a generic 500.
 */
export function describeError(
  error: unknown,
  requestId: string,
  log: Logger,
): { status: number; body: ErrorBody; retryAfterSeconds?: number } {
  if (isDatabaseUnavailable(error)) {
    log.warn({ errorType: (error as Error).name }, 'database unavailable');
    return {
      status: 503,
      retryAfterSeconds: databaseRetryAfterSeconds,
      body: {
        error: {
          code: 'unavailable',
          message: `The database is busy or out of reach just now. Please try again in ${databaseRetryAfterSeconds} seconds.`,
          requestId,
        },
      },
    };
  }
  if (isAppError(error)) {
    return {
      status: error.status,
      body: {
        error: {
          code: error.code,
          message: error.message,
          requestId,
          ...(error.details ? { details: error.details } : {}),
        },
      },
    };
  }
  if (isHttpErrorLike(error)) {
    const known = restifyMessages[error.statusCode] ?? {
      code: 'bad_request',
      message: 'The request was not valid.',
    };
    return { status: error.statusCode, body: { error: { ...known, requestId } } };
  }
  log.error({ err: error }, 'unhandled error');
  return {
    status: 500,
    body: {
      error: {
        code: 'internal',
        message: `Something went wrong on our side. If it keeps happening, quote reference ${requestId}.`,
        requestId,
      },
    },
  };
}
