import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { z } from 'zod';
import { AppError } from '../errors';
import { lazy } from '../shared/lazy';

/** Who a verified access token speaks for. */
export interface TokenSubject {
  readonly tenantId: string;
  readonly entraObjectId: string;
}

export interface AccessTokenVerifierOptions {
  /** The OpenID issuer, e.g. https://login.microsoftonline.com/<tenant>/v2.0. Unset: nobody can sign in. */
  readonly issuer: string | undefined;
  /** Accepted `aud` values: the Application ID URI and/or the app (client) id. */
  readonly audiences: readonly string[];
  /** The one Entra tenant Conduct serves. */
  readonly tenantId: string | undefined;
}

/** Verifies a Teams SSO access token for Conduct's API; throws an AppError a person can act on. */
export type AccessTokenVerifier = (token: string) => Promise<TokenSubject>;

/** The delegated permission the tab's SSO token must carry. */
export const requiredScope = 'access_as_user';
const clockToleranceSeconds = 60;

const discoverySchema = z.object({ issuer: z.string(), jwks_uri: z.url({ protocol: /^https$/ }) });

const signInAgain = 'Your sign-in could not be verified. Reload the tab to sign in again.';

/**
 * Builds the verifier. The issuer's signing keys come from its discovery document (fetched on first
 * use, then cached and refreshed by jose when a new key id appears); only RS256 is accepted.
 */
export function createAccessTokenVerifier(options: AccessTokenVerifierOptions): AccessTokenVerifier {
  const { issuer, audiences, tenantId } = options;
  if (!issuer || audiences.length === 0 || !tenantId) {
    return () =>
      Promise.reject(
        new AppError(
          'unavailable',
          'Sign-in is not set up on this Conduct server yet. Tell your IT manager.',
        ),
      );
  }
  const signingKeys = lazy(() => discoverKeys(issuer));

  return async (token) => {
    const payload = await verifySignature(token, await signingKeys(), issuer, audiences);
    return checkClaims(payload, tenantId);
  };
}

async function discoverKeys(issuer: string): Promise<ReturnType<typeof createRemoteJWKSet>> {
  const unavailable = new AppError(
    'unavailable',
    'Sign-in cannot be checked right now because Microsoft sign-in did not answer. Try again in a minute.',
  );
  let body: unknown;
  try {
    const response = await fetch(`${issuer}/.well-known/openid-configuration`, {
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw unavailable;
    body = await response.json();
  } catch {
    throw unavailable;
  }
  const document = discoverySchema.safeParse(body);
  // A document naming another issuer would let that issuer's tokens in: refuse it outright.
  if (!document.success || document.data.issuer.replace(/\/+$/, '') !== issuer) throw unavailable;
  return createRemoteJWKSet(new URL(document.data.jwks_uri), { timeoutDuration: 10_000 });
}

async function verifySignature(
  token: string,
  keys: ReturnType<typeof createRemoteJWKSet>,
  issuer: string,
  audiences: readonly string[],
): Promise<JWTPayload> {
  try {
    const { payload } = await jwtVerify(token, keys, {
      issuer,
      audience: [...audiences],
      algorithms: ['RS256'],
      clockTolerance: clockToleranceSeconds,
      requiredClaims: ['exp', 'iat'],
    });
    return payload;
  } catch (error) {
    throw describeJoseError(error);
  }
}

function describeJoseError(error: unknown): AppError {
  const code = (error as { code?: unknown }).code;
  const claim = (error as { claim?: unknown }).claim;
  if (code === 'ERR_JWT_EXPIRED') {
    return new AppError('unauthenticated', 'Your sign-in has expired. Reload the tab.');
  }
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && claim === 'aud') {
    return new AppError(
      'unauthenticated',
      'This sign-in was issued for another app, not Conduct. Reload the tab; if it keeps happening, ask your IT manager to check Conduct’s sign-in settings.',
    );
  }
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && claim === 'iss') {
    return new AppError(
      'unauthenticated',
      'This sign-in comes from an organisation Conduct is not set up for.',
    );
  }
  if (code === 'ERR_JWKS_TIMEOUT' || typeof code !== 'string') {
    return new AppError(
      'unavailable',
      'Sign-in cannot be checked right now because Microsoft sign-in did not answer. Try again in a minute.',
    );
  }
  return new AppError('unauthenticated', signInAgain);
}

/**
 * Entra access tokens for an API carry the delegated scopes in `scp`; ID tokens never do (they
 * prove who signed in to the tab, not that the tab may call Conduct), nor do app-only tokens.
 */
function checkClaims(payload: JWTPayload, tenantId: string): TokenSubject {
  if (typeof payload.scp !== 'string') {
    const appOnly = Array.isArray(payload.roles) || payload.idtyp === 'app';
    throw new AppError(
      'unauthenticated',
      appOnly
        ? 'Conduct’s API accepts only a person’s sign-in, not an app’s.'
        : 'This is a sign-in (ID) token; Conduct needs an access token for its API. Reload the tab.',
    );
  }
  if (payload.tid !== tenantId) {
    throw new AppError('forbidden', 'Your organisation is not the one this Conduct server is set up for.');
  }
  if (!payload.scp.split(' ').includes(requiredScope)) {
    throw new AppError(
      'forbidden',
      'This sign-in does not allow the Conduct tab to act for you (the access_as_user permission is missing). Ask your IT manager to grant consent for Conduct.',
    );
  }
  if (typeof payload.oid !== 'string' || payload.oid === '')
    throw new AppError('unauthenticated', signInAgain);
  return { tenantId, entraObjectId: payload.oid };
}
