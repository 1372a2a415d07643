/**
 * Signing in outside Teams: OpenID Connect authorization code flow with PKCE, in the browser, against
 * the issuer the server names in /api/tab-config. The access token lives in this tab's session only.
 */
export interface SignInConfig {
  issuer: string;
  clientId: string;
  scopes: string[];
}

interface StoredToken {
  accessToken: string;
  expiresAt: number;
}

interface Pending {
  state: string;
  verifier: string;
  returnTo: string;
}

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
}

const tokenKey = 'conduct.token';
const pendingKey = 'conduct.sign-in';
/** The one redirect URI registered for the tab (an SPA redirect in the Entra app registration). */
export const callbackPath = '/tab/auth';
const renewBeforeMs = 60_000;

export class SignInError extends Error {}

const base64Url = (bytes: ArrayBuffer | Uint8Array): string =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

const randomText = (): string => base64Url(crypto.getRandomValues(new Uint8Array(32)));

async function discover(issuer: string): Promise<Discovery> {
  const address = `${issuer}/.well-known/openid-configuration`;
  const response = await fetch(address).catch(() => undefined);
  if (!response?.ok) throw new SignInError(unreachable(issuer, address));
  return (await response.json()) as Discovery;
}

/**
 * Why sign-in could not start, and what to do. On one's own computer (npm run dev) the usual cause is
 * the local sign-in service's certificate, which the browser has not been asked to accept yet.
 */
function unreachable(issuer: string, address: string): string {
  const host = new URL(issuer).hostname;
  if (host === '127.0.0.1' || host === 'localhost' || host === '[::1]')
    return (
      `The local sign-in service did not answer. Is npm run dev still running? If it is, open ${address} ` +
      'once in this browser, accept its certificate (it is kept in .data/ and reused by every run), ' +
      'then come back here and sign in again.'
    );
  return 'The sign-in service did not answer. Check your connection and try again.';
}

/** The stored access token, while it has more than a minute to live. */
export function storedToken(): string | undefined {
  const raw = sessionStorage.getItem(tokenKey);
  if (!raw) return undefined;
  const token = JSON.parse(raw) as StoredToken;
  return token.expiresAt - renewBeforeMs > Date.now() ? token.accessToken : undefined;
}

export function forgetToken(): void {
  sessionStorage.removeItem(tokenKey);
}

/** Sends the browser to the issuer to sign in; it comes back to /tab/auth. */
export async function startSignIn(config: SignInConfig, returnTo: string): Promise<never> {
  const discovery = await discover(config.issuer);
  const pending: Pending = { state: randomText(), verifier: randomText(), returnTo };
  sessionStorage.setItem(pendingKey, JSON.stringify(pending));
  const challenge = base64Url(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(pending.verifier)),
  );
  const url = new URL(discovery.authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: config.clientId,
    response_type: 'code',
    redirect_uri: `${location.origin}${callbackPath}`,
    response_mode: 'query',
    scope: config.scopes.join(' '),
    state: pending.state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
  return new Promise<never>(() => undefined);
}

/** Finishes a sign-in on /tab/auth: exchanges the code for a token; returns where the person was going. */
export async function completeSignIn(config: SignInConfig): Promise<string> {
  const params = new URLSearchParams(location.search);
  const pending = JSON.parse(sessionStorage.getItem(pendingKey) ?? 'null') as Pending | null;
  sessionStorage.removeItem(pendingKey);
  const problem = params.get('error_description') ?? params.get('error');
  if (problem) throw new SignInError(`Sign-in did not complete: ${problem}`);
  const code = params.get('code');
  if (!pending || !code || params.get('state') !== pending.state) {
    throw new SignInError('This sign-in link has expired or was opened in another tab. Sign in again.');
  }
  const discovery = await discover(config.issuer);
  const response = await fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: config.clientId,
      code,
      redirect_uri: `${location.origin}${callbackPath}`,
      code_verifier: pending.verifier,
      scope: config.scopes.join(' '),
    }),
  }).catch(() => undefined);
  if (!response?.ok) throw new SignInError('The sign-in service refused the sign-in. Sign in again.');
  const body = (await response.json()) as { access_token?: string; expires_in?: number };
  if (!body.access_token) throw new SignInError('The sign-in service sent no access token. Sign in again.');
  const token: StoredToken = {
    accessToken: body.access_token,
    expiresAt: Date.now() + (body.expires_in ?? 3600) * 1000,
  };
  sessionStorage.setItem(tokenKey, JSON.stringify(token));
  return pending.returnTo;
}
