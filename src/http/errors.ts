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

/**
 * Turns anything thrown into a status and a body that is safe to show. Only AppError messages
 * and restify's 4xx reach the client; anything else is logged and answered with a generic 500.
 */
export function describeError(
  error: unknown,
  requestId: string,
  log: Logger,
): { status: number; body: ErrorBody } {
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
