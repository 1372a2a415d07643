import { ConfigError, loadConfig } from '../src/config';
import { spawnApp } from './support/app-process';

describe('configuration', () => {
  it('uses sensible defaults for local development', () => {
    const config = loadConfig({}, '/srv/conduct');
    expect(config.env).toBe('development');
    expect(config.http.port).toBe(3978);
    expect(config.database.uri).toBeUndefined();
    expect(config.database.embedded.dataDir).toBe('/srv/conduct/.data/devdb');
    expect(Object.isFrozen(config.database)).toBe(true);
  });

  it('lists every problem at once', () => {
    const error = (() => {
      try {
        loadConfig(
          { PORT: 'eighty', LOG_LEVEL: 'loud', MONGODB_URI: 'postgres://x', MONGODB_DB: 'a b' },
          '/',
        );
      } catch (e) {
        return e;
      }
    })() as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.problems.map((p) => p.split(':')[0])).toEqual(
      expect.arrayContaining(['PORT', 'LOG_LEVEL', 'MONGODB_URI', 'MONGODB_DB']),
    );
    expect(error.problems).toHaveLength(4);
  });

  it('refuses production without bot credentials or a database, naming each missing key', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' }, '/')).toThrow(ConfigError);
    try {
      loadConfig({ NODE_ENV: 'production', MICROSOFT_APP_ID: 'app', PORT: '-1' }, '/');
    } catch (e) {
      const problems = (e as ConfigError).problems.join('\n');
      expect(problems).toMatch(/MICROSOFT_APP_PASSWORD: is required when NODE_ENV=production/);
      expect(problems).toMatch(/MICROSOFT_APP_TENANT_ID: is required/);
      expect(problems).toMatch(/MONGODB_URI: is required/);
      expect(problems).toMatch(/^PORT:/m);
      expect(problems).not.toMatch(/MICROSOFT_APP_ID:/);
    }
  });

  it('accepts a complete production configuration', () => {
    const config = loadConfig(
      {
        NODE_ENV: 'production',
        MICROSOFT_APP_ID: '00000000-0000-0000-0000-000000000001',
        MICROSOFT_APP_PASSWORD: 'secret',
        MICROSOFT_APP_TENANT_ID: '00000000-0000-0000-0000-000000000002',
        MONGODB_URI: 'mongodb+srv://cluster.example.net',
        PUBLIC_BASE_URL: 'https://conduct.example.org/',
      },
      '/',
    );
    expect(config.bot.appId).toBe('00000000-0000-0000-0000-000000000001');
    expect(config.publicBaseUrl).toBe('https://conduct.example.org');
  });
});

describe('starting the app with bad configuration', () => {
  it('prints every problem and exits non-zero', async () => {
    const app = spawnApp({ PORT: 'eighty', LOG_LEVEL: 'loud' });
    expect(await app.exited).toBe(1);
    const output = app.stderr.join('\n');
    expect(output).toMatch(/configuration has 2 problem/);
    expect(output).toMatch(/PORT/);
    expect(output).toMatch(/LOG_LEVEL/);
  });

  it('refuses to start in production without app credentials', async () => {
    const app = spawnApp({ NODE_ENV: 'production', MONGODB_URI: 'mongodb://127.0.0.1:1/' });
    expect(await app.exited).toBe(1);
    const output = app.stderr.join('\n');
    expect(output).toMatch(/MICROSOFT_APP_ID: is required/);
    expect(output).toMatch(/MICROSOFT_APP_PASSWORD: is required/);
    expect(output).toMatch(/MICROSOFT_APP_TENANT_ID: is required/);
    expect(app.logs.find((l) => l.msg === 'Conduct is listening')).toBeUndefined();
  });
});
