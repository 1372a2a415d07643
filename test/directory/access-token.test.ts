import { randomUUID } from 'node:crypto';
import { createAccessTokenVerifier } from '../../src/directory/access-token';
import { AppError } from '../../src/errors';
import { startEntraStandIn, type EntraStandIn } from '../../scripts/standins/entra';

describe('verifying Teams SSO access tokens', () => {
  let entra: EntraStandIn;
  beforeAll(async () => {
    entra = await startEntraStandIn();
  });
  afterAll(() => entra.stop());

  it('accepts a token for either configured audience and returns who it speaks for', async () => {
    const verify = createAccessTokenVerifier({
      issuer: entra.issuer,
      audiences: [entra.applicationIdUri, entra.clientId],
      tenantId: entra.tenantId,
    });
    const oid = randomUUID();
    await expect(verify(await entra.tokenFor({ oid }))).resolves.toEqual({
      tenantId: entra.tenantId,
      entraObjectId: oid,
    });
    await expect(verify(await entra.tokenFor({ oid, aud: entra.applicationIdUri }))).resolves.toMatchObject({
      entraObjectId: oid,
    });
  });

  it('refuses an app-only token (client credentials) even for the right audience', async () => {
    const verify = createAccessTokenVerifier({
      issuer: entra.issuer,
      audiences: [entra.clientId],
      tenantId: entra.tenantId,
    });
    const appToken = await entra.tokenFor({
      oid: randomUUID(),
      scp: null,
      roles: ['TrustAdmin'],
      idtyp: 'app',
    });
    await expect(verify(appToken)).rejects.toMatchObject({
      status: 401,
      message: expect.stringMatching(/not an app’s/),
    });
  });

  it('answers 503, not 401, when sign-in is not configured or the issuer cannot be reached', async () => {
    const unconfigured = createAccessTokenVerifier({ issuer: undefined, audiences: [], tenantId: undefined });
    await expect(unconfigured('a.b.c')).rejects.toMatchObject({ code: 'unavailable', status: 503 });

    const unreachable = createAccessTokenVerifier({
      issuer: `https://127.0.0.1:1/${entra.tenantId}/v2.0`,
      audiences: [entra.clientId],
      tenantId: entra.tenantId,
    });
    const error = await unreachable(await entra.tokenFor({ oid: randomUUID() })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/did not answer/) });
  });

  it('refuses an issuer whose discovery document names a different issuer', async () => {
    const verify = createAccessTokenVerifier({
      // The same stand-in reached by another name: its document names the 127.0.0.1 issuer.
      issuer: entra.issuer.replace('127.0.0.1', 'localhost'),
      audiences: [entra.clientId],
      tenantId: entra.tenantId,
    });
    await expect(verify(await entra.tokenFor({ oid: randomUUID() }))).rejects.toMatchObject({
      code: 'unavailable',
    });
  });
});
