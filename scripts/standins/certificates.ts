import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

// Apart from ca.ts: node-forge is slow to load, and only setting up a CA needs it, not each test
// file that reads the certificates.

/** A certificate and its private key, both PEM. */
export interface KeyAndCertificate {
  readonly keyPem: string;
  readonly certPem: string;
}

function newKeyPair(): {
  privateKey: forge.pki.rsa.PrivateKey;
  publicKey: forge.pki.rsa.PublicKey;
  pem: string;
} {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(pem);
  return { privateKey: forgeKey, publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e), pem };
}

function newCertificate(publicKey: forge.pki.rsa.PublicKey, days: number): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + days * 86_400_000);
  return cert;
}

/** A throw-away certificate authority for one test run (or, for days, the local one npm run dev keeps). */
export function createTestCa(days = 7): KeyAndCertificate {
  const keys = newKeyPair();
  const cert = newCertificate(keys.publicKey, days);
  const subject = [{ name: 'commonName', value: `Conduct test CA ${randomBytes(4).toString('hex')}` }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { keyPem: keys.pem, certPem: forge.pki.certificateToPem(cert) };
}

/** A server certificate for 127.0.0.1 and localhost, signed by the given CA. */
export function issueServerCertificate(ca: KeyAndCertificate, days = 7): KeyAndCertificate {
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const caKey = forge.pki.privateKeyFromPem(ca.keyPem);
  const keys = newKeyPair();
  const cert = newCertificate(keys.publicKey, days);
  cert.setSubject([{ name: 'commonName', value: 'localhost' }]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 7, ip: '127.0.0.1' },
        { type: 2, value: 'localhost' },
      ],
    },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return { keyPem: keys.pem, certPem: forge.pki.certificateToPem(cert) };
}
