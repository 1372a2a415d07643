import { readFileSync } from 'node:fs';
import path from 'node:path';
import { configKeys, loadConfig } from '../../src/config';
import { repoRoot } from '../support/devdb';
import { objectVariable, paramDeclarations, readBicep } from './bicep';

/**
 * Keys that only make sense on a developer's machine, so Azure does not set them. Keep this list
 * short and explicit: a new key either goes into infra/azure/main.bicep or is added here on purpose.
 */
const localOnly = ['DEVDB_DATA_DIR', 'DEVDB_BINARY'];

/** Secrets never appear as values in app settings: they are Key Vault references. */
const isSecret = (key: string): boolean => key === 'MONGODB_URI' || /_(SECRET|PASSWORD|KEY)$/.test(key);

const main = readBicep('main.bicep');
const settings = objectVariable(main, 'conductSettings');

describe('the Azure app settings', () => {
  it('set every configuration key Conduct reads (src/config.ts), apart from the local-only ones', () => {
    const missing = configKeys.filter((key) => !localOnly.includes(key) && !settings.has(key));
    expect(missing).toEqual([]);
  });

  it('set nothing Conduct does not read, so a renamed key cannot linger', () => {
    expect([...settings.keys()].filter((key) => !configKeys.includes(key))).toEqual([]);
  });

  it('keep the local-only list honest: real keys, for local tools only', () => {
    for (const key of localOnly) {
      expect(configKeys).toContain(key);
      expect(key).toMatch(/^(DEVDB|PLAYGROUND)_/);
      expect(settings.has(key)).toBe(false);
    }
  });

  it('take every secret from Key Vault', () => {
    const secrets = [...settings].filter(([key]) => isSecret(key));
    expect(secrets.map(([key]) => key)).toEqual(
      expect.arrayContaining(['MONGODB_URI', 'MICROSOFT_APP_PASSWORD']),
    );
    for (const [key, expression] of secrets) {
      expect([key, expression]).toEqual([
        key,
        expect.stringMatching(/^keyVaultReference\(\w+\.outputs\.\w+\)$/),
      ]);
    }
  });

  it('make a configuration Conduct accepts in production', () => {
    const environment = Object.fromEntries(
      [...settings].map(([key, expression]) => [key, evaluate(key, expression)] as const),
    );
    const config = loadConfig(environment, '/home/site/wwwroot');
    expect(config.env).toBe('production');
    expect(config.http.port).toBe(8080);
    expect(config.publicBaseUrl).toBe(`https://${sample.publicHost}`);
    expect(config.auth.issuer).toBe(`https://login.microsoftonline.com/${sample.tenantId}/v2.0`);
    expect(config.auth.audiences).toEqual([
      `api://${sample.publicHost}/botid-${sample.botAppId}`,
      sample.botAppId,
    ]);
  });
});

describe('.env.example', () => {
  const documented = readFileSync(path.join(repoRoot, '.env.example'), 'utf8');

  it('documents every configuration key', () => {
    const undocumented = configKeys.filter((key) => !new RegExp(`^#? ?${key}=`, 'm').test(documented));
    expect(undocumented).toEqual([]);
  });
});

/** What the deployment's parameters and App Service's Key Vault resolution would put in place. */
const sample: Record<string, string> = {
  publicHost: 'conduct.oakfield.sch.uk',
  tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  botAppId: '6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e',
  loginHost: 'https://login.microsoftonline.com/',
};
const resolvedSecrets: Record<string, string> = {
  MONGODB_URI: 'mongodb+srv://conductadmin:pw@conduct.global.mongocluster.cosmos.azure.com/?tls=true',
  MICROSOFT_APP_PASSWORD: 'client-secret',
  INCIDENT_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
  AUDIT_HMAC_KEY: Buffer.alloc(32, 10).toString('base64'),
};
const paramDefaults = new Map(paramDeclarations(main).map((p) => [p.name, p.defaultValue]));

/** Evaluates the few expression shapes main.bicep uses for settings; anything else fails the test. */
function evaluate(key: string, expression: string): string {
  if (expression.startsWith('keyVaultReference(')) return resolvedSecrets[key] ?? 'secret-value';
  const literal = /^'(.*)'$/.exec(expression);
  if (literal) {
    return literal[1]!.replace(/\$\{(\w+)\}/g, (_, name: string) => evaluate(key, name));
  }
  if (/^\w+$/.test(expression)) {
    if (sample[expression] !== undefined) return sample[expression];
    const fallback = paramDefaults.get(expression);
    if (fallback !== undefined && /^'.*'$/.test(fallback)) return evaluate(key, fallback);
  }
  throw new Error(`${key}: cannot evaluate ${expression}; give the test a sample value for it`);
}
