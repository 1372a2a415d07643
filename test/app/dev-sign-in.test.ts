import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { startEntraStandIn } from '../../scripts/standins/entra';

// npm run dev keeps the local sign-in's signing key in .data/dev-sign-in: a browser's token from the
// last run must still verify after a restart, or the dashboard signs the user out on every restart.
describe('the local sign-in keeps its signing key between runs', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'conduct-dev-sign-in-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  let port = 0;
  beforeAll(async () => {
    // npm run dev keeps its port too; the test takes any free one and keeps it across the restart.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
  });

  const start = (signingKeyFile?: string) =>
    startEntraStandIn({ tenantId: 'dev-tenant', clientId: 'dev-client', port, signingKeyFile });
  const verifiesOn = async (token: string, entra: Awaited<ReturnType<typeof start>>) => {
    const keys = createRemoteJWKSet(new URL(`${entra.origin}/${entra.tenantId}/discovery/v2.0/keys`));
    return jwtVerify(token, keys, { issuer: entra.issuer, audience: entra.clientId }).then(
      () => true,
      () => false,
    );
  };

  it('verifies a token issued before the restart, and keeps the key private to its owner', async () => {
    const keyFile = path.join(dir, 'signing-key.json');
    const first = await start(keyFile);
    const token = await first.tokenFor({ oid: 'someone' });
    await first.stop();
    expect(statSync(keyFile).mode & 0o077).toBe(0);

    const second = await start(keyFile);
    try {
      expect(await verifiesOn(token, second)).toBe(true);
    } finally {
      await second.stop();
    }
  });

  it('without a kept key, a restart makes a new one (the tests rely on that)', async () => {
    const first = await start();
    const token = await first.tokenFor({ oid: 'someone' });
    await first.stop();
    const second = await start();
    try {
      expect(await verifiesOn(token, second)).toBe(false);
    } finally {
      await second.stop();
    }
  });
});
