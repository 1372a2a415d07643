import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createLocalJWKSet, jwtVerify, SignJWT, generateKeyPair } from 'jose';
import { OAuth2Issuer, OAuth2Service, type MutableResponse, type MutableToken } from 'oauth2-mock-server';
import { standInTls } from './ca';

/** The Teams desktop and web clients' app id: the `azp` of a real Teams SSO token. */
export const teamsClientAppId = '1fec8e78-bce4-4aaf-ab1b-5451cc387264';

export interface EntraStandInOptions {
  tenantId?: string;
  /** Conduct's app registration: the client credentials msal-node uses, and the SSO audience. */
  clientId?: string;
  clientSecret?: string;
  /** Entra app-role values put in the `roles` claim of app-only (client credentials) tokens. */
  appRoles?: readonly string[];
  /** The port to listen on when it is free (npm run dev keeps one, so the accepted address stays); any free port otherwise. */
  port?: number;
  /**
   * A file keeping the signing key (a private JWK, made on first use): npm run dev keeps one, so
   * tokens a browser holds from an earlier run still verify. A new key per start otherwise.
   */
  signingKeyFile?: string;
}

/**
 * Claims of an SSO token; any claim may be overridden, and `null` removes it. Defaults: a valid
 * Teams SSO access token for Conduct (tid of the stand-in, aud the client id, scp access_as_user).
 */
export type TokenClaims = { oid: string } & Record<string, unknown>;

export interface TokenOptions {
  /** Seconds until expiry; negative gives a token that has already expired. Default 3600. */
  expiresInSeconds?: number;
  /** Sign with a key the stand-in does not publish (a forged token). */
  signedByStranger?: boolean;
}

export interface TokenRequestRecord {
  readonly grantType: string;
  readonly clientId: string | undefined;
  readonly scope: string | undefined;
  readonly granted: boolean;
  readonly at: number;
}

/** A local Entra ID: OpenID discovery, signing keys and token endpoint, with Entra's URL shapes. */
export interface EntraStandIn {
  /** Use as ENTRA_AUTHORITY_HOST: msal-node's authority is `${origin}/${tenantId}`. */
  readonly origin: string;
  readonly tenantId: string;
  /** Use as AUTH_ISSUER (Entra's v2.0 issuer shape). */
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The app's Application ID URI, an audience Conduct may also accept. */
  readonly applicationIdUri: string;
  readonly tokenRequests: readonly TokenRequestRecord[];
  /** A Teams SSO access token for Conduct's API. */
  tokenFor(claims: TokenClaims, options?: TokenOptions): Promise<string>;
  /** An OpenID Connect ID token for the same person (which an API must refuse). */
  idTokenFor(claims: TokenClaims): Promise<string>;
  /** True when the token is an app-only token this stand-in issued for the given resource (for the Graph stand-in). */
  readonly verifyAppToken: (token: string, resource: string) => Promise<boolean>;
  /**
   * Who the next browser sign-in (authorization code + PKCE, as the tab does outside Teams) signs in
   * as: its access token carries these claims. Until this is called, /authorize refuses.
   */
  signInAs(claims: TokenClaims): void;
  stop(): Promise<void>;
}

const removeNulls = (claims: Record<string, unknown>, payload: Record<string, unknown>): void => {
  for (const [name, value] of Object.entries(claims)) {
    if (value === null) delete payload[name];
    else payload[name] = value;
  }
};

async function useSigningKey(issuer: OAuth2Issuer, file: string | undefined): Promise<void> {
  if (file && existsSync(file)) {
    await issuer.keys.add(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>);
    return;
  }
  await issuer.keys.generate('RS256');
  if (file) writeFileSync(file, JSON.stringify(issuer.keys.toJSON(true)[0]), { mode: 0o600 });
}

/** Starts the stand-in on 127.0.0.1 over https (certificate from the run's test CA). */
export async function startEntraStandIn(options: EntraStandInOptions = {}): Promise<EntraStandIn> {
  const tenantId = options.tenantId ?? randomUUID();
  const clientId = options.clientId ?? randomUUID();
  const clientSecret = options.clientSecret ?? `secret-${randomUUID()}`;
  const applicationIdUri = `api://conduct.test/${clientId}`;
  const tokenRequests: TokenRequestRecord[] = [];

  const issuer = new OAuth2Issuer();
  await useSigningKey(issuer, options.signingKeyFile);
  const service = new OAuth2Service(issuer, {
    jwks: `/${tenantId}/discovery/v2.0/keys`,
    token: `/${tenantId}/oauth2/v2.0/token`,
    authorize: `/${tenantId}/oauth2/v2.0/authorize`,
  });
  const browser = browserSignIn(clientId);
  service.on('beforeAuthorizeRedirect', browser.onAuthorize);
  service.on('beforeTokenSigning', (token: MutableToken, req: { body: Record<string, unknown> }) => {
    if (browser.signs(token, req, ssoPayload)) return;
    const scope = typeof req.body.scope === 'string' ? req.body.scope : '';
    const resource = scope
      .split(' ')
      .find((s) => s.endsWith('/.default'))
      ?.replace(/\/\.default$/, '');
    Object.assign(token.payload, {
      aud: resource,
      tid: tenantId,
      appid: req.body.client_id,
      azp: req.body.client_id,
      idtyp: 'app',
      roles: [...(options.appRoles ?? [])],
      ver: '2.0',
    });
    delete token.payload.scope;
  });
  service.on('beforeResponse', (response: MutableResponse, req: { body: Record<string, unknown> }) => {
    const granted =
      req.body.client_id === clientId &&
      (req.body.client_secret === clientSecret || browser.redeemed(req.body));
    tokenRequests.push({
      grantType: String(req.body.grant_type),
      clientId: typeof req.body.client_id === 'string' ? req.body.client_id : undefined,
      scope: typeof req.body.scope === 'string' ? req.body.scope : undefined,
      granted,
      at: Date.now(),
    });
    if (granted) return;
    response.statusCode = 401;
    response.body = {
      error: 'invalid_client',
      error_description: 'AADSTS7000215: Invalid client secret provided.',
    };
  });

  const tls = standInTls();
  const discoveryPath = `/${tenantId}/v2.0/.well-known/openid-configuration`;
  let origin = '';
  const server: Server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    if (req.method === 'GET' && req.url?.split('?')[0] === discoveryPath) {
      // Entra serves its discovery document to browsers of any origin, as the tab's sign-in needs.
      res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
      res.end(JSON.stringify(discoveryDocument(origin, tenantId)));
      return;
    }
    service.requestHandler(req, res);
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await (options.port ? listen(options.port).catch(() => listen(0)) : listen(0));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  issuer.url = `${origin}/${tenantId}/v2.0`;
  const stranger = await generateKeyPair('RS256');

  function ssoPayload(): Record<string, unknown> {
    return {
      aud: clientId,
      tid: tenantId,
      scp: 'access_as_user',
      azp: teamsClientAppId,
      ver: '2.0',
      name: 'Test Person',
      preferred_username: 'test.person@school.test',
      sub: randomUUID(),
    };
  }

  return {
    origin,
    tenantId,
    issuer: issuer.url,
    clientId,
    clientSecret,
    applicationIdUri,
    tokenRequests,
    tokenFor: async (claims, tokenOptions = {}) => {
      const expiresIn = tokenOptions.expiresInSeconds ?? 3600;
      if (tokenOptions.signedByStranger) {
        const payload = { ...ssoPayload(), iss: issuer.url };
        removeNulls(claims, payload);
        return new SignJWT(payload)
          .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: issuer.keys.get()?.kid ?? 'k' })
          .setIssuedAt()
          .setExpirationTime(Math.floor(Date.now() / 1000) + expiresIn)
          .sign(stranger.privateKey);
      }
      return issuer.buildToken({
        expiresIn,
        scopesOrTransform: (_header, payload) => removeNulls(claims, Object.assign(payload, ssoPayload())),
      });
    },
    idTokenFor: (claims) =>
      issuer.buildToken({
        scopesOrTransform: (_header, payload) => {
          Object.assign(payload, ssoPayload(), { nonce: randomUUID() });
          delete payload.scp;
          removeNulls({ ...claims, scp: null }, payload);
        },
      }),
    verifyAppToken: async (token, resource) => {
      try {
        const keys = createLocalJWKSet({ keys: issuer.keys.toJSON() });
        const { payload } = await jwtVerify(token, keys, { issuer: issuer.url, audience: resource });
        return payload.tid === tenantId && payload.idtyp === 'app';
      } catch {
        return false;
      }
    },
    signInAs: browser.signInAs,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function discoveryDocument(origin: string, tenantId: string): Record<string, unknown> {
  return {
    issuer: `${origin}/${tenantId}/v2.0`,
    token_endpoint: `${origin}/${tenantId}/oauth2/v2.0/token`,
    authorization_endpoint: `${origin}/${tenantId}/oauth2/v2.0/authorize`,
    end_session_endpoint: `${origin}/${tenantId}/oauth2/v2.0/logout`,
    jwks_uri: `${origin}/${tenantId}/discovery/v2.0/keys`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    tenant_region_scope: 'EU',
    cloud_instance_name: 'microsoftonline.com',
  };
}

/**
 * The browser half of the stand-in: /authorize hands out a code for the person set with signInAs,
 * and the token endpoint redeems it (PKCE checked by oauth2-mock-server) for an SSO-shaped access
 * token for Conduct — what Entra gives a single-page app registered with Conduct's client id.
 */
function browserSignIn(clientId: string) {
  let next: TokenClaims | undefined;
  const byCode = new Map<string, TokenClaims>();
  const accessTokenSigned = new WeakSet<object>();
  return {
    signInAs: (claims: TokenClaims): void => {
      next = claims;
    },
    onAuthorize: (redirect: { url: URL }): void => {
      const code = redirect.url.searchParams.get('code');
      if (!code) return;
      if (!next) {
        redirect.url.searchParams.delete('code');
        redirect.url.searchParams.set('error', 'access_denied');
        redirect.url.searchParams.set('error_description', 'Nobody is set to sign in (signInAs).');
        return;
      }
      byCode.set(code, next);
    },
    /** Shapes the access token of a code redemption; false for every other token. */
    signs: (
      token: MutableToken,
      req: { body: Record<string, unknown> },
      base: () => Record<string, unknown>,
    ): boolean => {
      const claims =
        req.body.grant_type === 'authorization_code' ? byCode.get(String(req.body.code)) : undefined;
      if (!claims) return false;
      if (accessTokenSigned.has(req)) {
        Object.assign(token.payload, { tid: base().tid, oid: claims.oid, aud: clientId });
        return true;
      }
      accessTokenSigned.add(req);
      for (const name of Object.keys(token.payload))
        if (!['iss', 'iat', 'exp', 'nbf', 'jti'].includes(name)) delete token.payload[name];
      Object.assign(token.payload, base(), { azp: clientId });
      removeNulls(claims, token.payload);
      return true;
    },
    redeemed: (body: Record<string, unknown>): boolean =>
      body.grant_type === 'authorization_code' && byCode.delete(String(body.code)),
  };
}
