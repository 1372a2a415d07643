import { randomBytes, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { rootCertificates } from 'node:tls';
import type { KeyAndCertificate } from './certificates';

/** What a local https stand-in needs: its key and certificate, issued by the run's test CA. */
export interface StandInTls {
  readonly key: string;
  readonly cert: string;
  readonly caPem: string;
}

const caDirVariable = 'CONDUCT_TEST_CA_DIR';
const files = {
  caCert: 'ca.pem',
  caKey: 'ca-key.pem',
  serverCert: 'server.pem',
  serverKey: 'server-key.pem',
  bundle: 'bundle.pem',
} as const;

/**
 * Run once by jest's globalSetup, before any worker starts. Creates the run's CA and the one server
 * certificate every stand-in uses, and makes both this process and every later child trust the CA:
 * children through NODE_EXTRA_CA_CERTS (a combined bundle: the bundle it named before, plus our CA
 * — never a replacement), and this process — where jest runs test files in band, and which read
 * NODE_EXTRA_CA_CERTS long ago — through the global dispatcher of Node's fetch.
 */
export async function setUpTestCa(): Promise<void> {
  const dir = path.join(tmpdir(), `conduct-test-ca-${randomBytes(6).toString('hex')}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { createTestCa, issueServerCertificate } = await import('./certificates');
  const ca = createTestCa();
  await useCa(dir, ca, issueServerCertificate(ca));
}

/**
 * For npm run dev: the local CA and server certificate kept in `dir` (under .data/, which git
 * ignores), made once and reused while valid, so the certificate a browser accepted once stays the
 * one it meets. Trusted by this process and its children as setUpTestCa does.
 */
export async function setUpKeptCa(dir: string): Promise<void> {
  const read = (name: string) => readFileSync(path.join(dir, name), 'utf8');
  const kept = [files.caCert, files.caKey, files.serverCert, files.serverKey].every((name) =>
    existsSync(path.join(dir, name)),
  );
  const validForADay =
    kept && new Date(new X509Certificate(read(files.serverCert)).validTo).getTime() > Date.now() + 86_400_000;
  if (validForADay) {
    await useCa(
      dir,
      { certPem: read(files.caCert), keyPem: read(files.caKey) },
      {
        certPem: read(files.serverCert),
        keyPem: read(files.serverKey),
      },
    );
    return;
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { createTestCa, issueServerCertificate } = await import('./certificates');
  const ca = createTestCa(365);
  await useCa(dir, ca, issueServerCertificate(ca, 365));
}

async function useCa(dir: string, ca: KeyAndCertificate, server: KeyAndCertificate): Promise<void> {
  const previous = process.env.NODE_EXTRA_CA_CERTS;
  const previousBundle = previous && existsSync(previous) ? readFileSync(previous, 'utf8') : '';
  const bundle = `${previousBundle.trimEnd()}\n${ca.certPem}`;
  writeFileSync(path.join(dir, files.caCert), ca.certPem);
  writeFileSync(path.join(dir, files.caKey), ca.keyPem, { mode: 0o600 });
  writeFileSync(path.join(dir, files.serverCert), server.certPem);
  writeFileSync(path.join(dir, files.serverKey), server.keyPem, { mode: 0o600 });
  writeFileSync(path.join(dir, files.bundle), bundle);
  process.env[caDirVariable] = dir;
  process.env.NODE_EXTRA_CA_CERTS = path.join(dir, files.bundle);
  await trustInThisProcess([...rootCertificates, previousBundle, ca.certPem].filter(Boolean));
}

/** Removes the run's CA files (jest globalTeardown). */
export function tearDownTestCa(): void {
  const dir = process.env[caDirVariable];
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/** The key and certificate a stand-in serves https with. */
export function standInTls(): StandInTls {
  const dir = process.env[caDirVariable];
  if (!dir) throw new Error('The test CA was not set up (jest globalSetup).');
  return {
    key: readFileSync(path.join(dir, files.serverKey), 'utf8'),
    cert: readFileSync(path.join(dir, files.serverCert), 'utf8'),
    caPem: readFileSync(path.join(dir, files.caCert), 'utf8'),
  };
}

/** Environment for a child process (e.g. spawnApp) so that it trusts the stand-ins. */
export function trustEnvironment(): Record<string, string> {
  const bundle = process.env.NODE_EXTRA_CA_CERTS;
  if (!bundle) throw new Error('The test CA was not set up (jest globalSetup).');
  return { NODE_EXTRA_CA_CERTS: bundle };
}

type DispatcherConstructor = new (options: { connect: { ca: string[] } }) => unknown;

/**
 * Node 20 has no API to add a CA to a running process. Its fetch (used by jose, msal-node and the
 * Graph client alike) takes its dispatcher from this well-known global symbol, shared with the
 * undici package; we install another agent of the same class, trusting our CA beside the usual roots.
 */
async function trustInThisProcess(ca: string[]): Promise<void> {
  await (await fetch('data:,')).text();
  const key = Symbol.for('undici.globalDispatcher.1');
  const slot = globalThis as unknown as Record<symbol, { constructor: DispatcherConstructor } | undefined>;
  const current = slot[key];
  if (!current) throw new Error("Node's fetch has no global dispatcher to replace");
  slot[key] = new current.constructor({ connect: { ca } }) as { constructor: DispatcherConstructor };
}
