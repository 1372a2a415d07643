import path from 'node:path';
import { setUpKeptCa } from './standins/ca';
import { startEntraStandIn } from './standins/entra';

/**
 * Sign-in for the tab during `npm run dev`, when no real Entra is configured: the tests' local Entra
 * over https, on a port and with a certificate that stay the same from run to run (the CA is made
 * once and kept in .data/dev-sign-in, as is the token signing key), so a browser accepts the
 * certificate once and its sign-in survives a restart; Conduct is its app, signing every browser
 * sign-in in as one person. Conduct verifies its tokens exactly as it verifies Entra's (nothing is skipped locally).
 */
export interface DevSignIn {
  /** Settings for loadConfig: AUTH_ISSUER and AUTH_AUDIENCE (the tab takes its app id from the latter). */
  readonly env: { AUTH_ISSUER: string; AUTH_AUDIENCE: string };
  /** Where the browser must accept the local certificate once before signing in. */
  readonly certificateUrl: string;
  stop(): Promise<void>;
}

/** Conduct's app id in the local Entra, fixed so that a browser's session survives a restart. */
const devClientId = '0b8a4c6e-3f21-4d7a-9c55-1e2f3a4b5c6d';

/** Call before loadConfig/startApp: it also makes this process trust the local CA (for the signing keys). */
/** The local Entra's port in development, unless DEV_SIGN_IN_PORT names another or it is taken. */
const devPort = 56160;

export async function startDevSignIn(options: { tenantId: string; signInAs: string }): Promise<DevSignIn> {
  const kept = path.join(process.cwd(), '.data', 'dev-sign-in');
  await setUpKeptCa(kept);
  const entra = await startEntraStandIn({
    signingKeyFile: path.join(kept, 'signing-key.json'),
    tenantId: options.tenantId,
    clientId: devClientId,
    port: Number(process.env.DEV_SIGN_IN_PORT ?? devPort),
  });
  entra.signInAs({ oid: options.signInAs });
  return {
    env: { AUTH_ISSUER: entra.issuer, AUTH_AUDIENCE: entra.clientId },
    certificateUrl: `${entra.issuer}/.well-known/openid-configuration`,
    stop: () => entra.stop(),
  };
}
