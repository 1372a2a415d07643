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
      expect(problems).toMatch(/AUTH_ISSUER: is required/);
      expect(problems).toMatch(/AUTH_AUDIENCE: is required/);
      expect(problems).toMatch(/INCIDENT_ENCRYPTION_KEY: is required .*child.*encrypted/);
      expect(problems).toMatch(/AUDIT_HMAC_KEY: is required .*audit trail/);
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
        AUTH_ISSUER: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000002/v2.0',
        AUTH_AUDIENCE:
          'api://conduct.example.org/00000000-0000-0000-0000-000000000001, 00000000-0000-0000-0000-000000000001',
        INCIDENT_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
        AUDIT_HMAC_KEY: Buffer.alloc(32, 8).toString('base64'),
      },
      '/',
    );
    expect(config.bot.appId).toBe('00000000-0000-0000-0000-000000000001');
    expect(config.auth.audiences).toEqual([
      'api://conduct.example.org/00000000-0000-0000-0000-000000000001',
      '00000000-0000-0000-0000-000000000001',
    ]);
    expect(config.publicBaseUrl).toBe('https://conduct.example.org');
  });
});

describe('how the bot is authenticated', () => {
  const problemsOf = (environment: Record<string, string>): string[] => {
    try {
      loadConfig(environment, '/');
      return [];
    } catch (e) {
      return [...(e as ConfigError).problems];
    }
  };
  const credentials = {
    MICROSOFT_APP_ID: 'app',
    MICROSOFT_APP_PASSWORD: 'secret',
    MICROSOFT_APP_TENANT_ID: 't',
  };

  it('runs unauthenticated only in development, and then listens on 127.0.0.1 by default', () => {
    expect(loadConfig({}, '/').http.host).toBe('127.0.0.1');
    expect(loadConfig({ NODE_ENV: 'development' }, '/').bot.appId).toBeUndefined();
    expect(loadConfig({ NODE_ENV: 'development', HOST: '0.0.0.0' }, '/').http.host).toBe('0.0.0.0');
    expect(loadConfig({ NODE_ENV: 'test', ...credentials }, '/').http.host).toBe('0.0.0.0');
    expect(loadConfig({ NODE_ENV: 'development', ...credentials }, '/').bot.appId).toBe('app');
  });

  it('refuses every other mode without an app id, saying what to set', () => {
    expect(problemsOf({ NODE_ENV: 'test' })).toEqual([
      expect.stringMatching(
        /^MICROSOFT_APP_ID: is required when NODE_ENV=test.*set MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID.*or NODE_ENV=development/,
      ),
    ]);
    expect(problemsOf({ NODE_ENV: 'production' }).join('\n')).toMatch(
      /MICROSOFT_APP_ID: is required when NODE_ENV=production \(the bot never runs unauthenticated/,
    );
  });

  it('trusts only https service URLs ending in "/" (plain http only for this machine, outside production)', () => {
    expect(
      loadConfig(
        { BOT_TRUSTED_SERVICE_URLS: 'https://smba.trafficmanager.net/uk/, http://127.0.0.1:4000/' },
        '/',
      ).bot.trustedServiceUrls,
    ).toEqual(['https://smba.trafficmanager.net/uk/', 'http://127.0.0.1:4000/']);
    expect(
      problemsOf({
        BOT_TRUSTED_SERVICE_URLS:
          'http://smba.trafficmanager.net/,https://smba.trafficmanager.net,https://x.example/?a=1,nonsense',
      }),
    ).toEqual([
      'BOT_TRUSTED_SERVICE_URLS: "http://smba.trafficmanager.net/" must be an https:// URL (plain http only for 127.0.0.1 or localhost)',
      'BOT_TRUSTED_SERVICE_URLS: "https://smba.trafficmanager.net" must end in "/" (it is matched as a prefix)',
      'BOT_TRUSTED_SERVICE_URLS: "https://x.example/?a=1" must not have a query or fragment',
      'BOT_TRUSTED_SERVICE_URLS: "nonsense" is not a URL',
    ]);
    expect(
      problemsOf({ NODE_ENV: 'production', BOT_TRUSTED_SERVICE_URLS: 'http://localhost:4000/' }),
    ).toContain(
      'BOT_TRUSTED_SERVICE_URLS: "http://localhost:4000/" must be https:// when NODE_ENV=production',
    );
  });
});

describe('directory and sign-in configuration', () => {
  it('splits the Graph base URL into the root and version the Graph client takes', () => {
    expect(loadConfig({}, '/').graph).toEqual({
      authorityHost: 'https://login.microsoftonline.com',
      origin: 'https://graph.microsoft.com',
      version: 'v1.0',
    });
    expect(loadConfig({ GRAPH_BASE_URL: 'https://127.0.0.1:8443/beta/' }, '/').graph.origin).toBe(
      'https://127.0.0.1:8443',
    );
  });

  it("refuses plain http, a Graph URL without a version and an install rate above Graph's limit", () => {
    try {
      loadConfig(
        {
          AUTH_ISSUER: 'http://login.example.org/tenant/v2.0',
          GRAPH_BASE_URL: 'https://graph.microsoft.com/',
          GRAPH_INSTALL_RATE_PER_SECOND: '31',
        },
        '/',
      );
      throw new Error('expected a ConfigError');
    } catch (e) {
      expect((e as ConfigError).problems).toEqual([
        'AUTH_ISSUER: must be an https:// URL',
        'GRAPH_BASE_URL: must be the Graph root and version, e.g. https://graph.microsoft.com/v1.0',
        "GRAPH_INSTALL_RATE_PER_SECOND: must be at most 30 (Graph's limit)",
      ]);
    }
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

  it('refuses to start as NODE_ENV=test without an app id, saying what to set', async () => {
    const app = spawnApp({ NODE_ENV: 'test', MONGODB_URI: 'mongodb://127.0.0.1:1/' });
    expect(await app.exited).toBe(1);
    expect(app.stderr.join('\n')).toMatch(
      /MICROSOFT_APP_ID: is required when NODE_ENV=test.*or NODE_ENV=development/,
    );
    expect(app.logs.find((l) => l.msg === 'Conduct is listening')).toBeUndefined();
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

describe('incident configuration', () => {
  it('has defaults for the password link and escalation, and no encryption key or channel', () => {
    expect(loadConfig({}, '/').incidents).toEqual({
      encryptionKey: undefined,
      passwordResetUrl: 'https://passwordreset.microsoftonline.com/',
      escalationMinutes: 120,
      urgentEscalationMinutes: 15,
      channelConversationId: undefined,
    });
  });

  it('accepts only a 32-byte key in base64, and an https password link', () => {
    const key = Buffer.alloc(32, 1).toString('base64');
    expect(loadConfig({ INCIDENT_ENCRYPTION_KEY: key }, '/').incidents.encryptionKey).toBe(key);
    for (const bad of [Buffer.alloc(16, 1).toString('base64'), 'not base64 at all!', `${key}x`]) {
      expect(() => loadConfig({ INCIDENT_ENCRYPTION_KEY: bad }, '/')).toThrow(
        /INCIDENT_ENCRYPTION_KEY: must be 32 bytes/,
      );
    }
    expect(() => loadConfig({ PASSWORD_RESET_URL: 'http://reset.example.org' }, '/')).toThrow(
      /PASSWORD_RESET_URL/,
    );
    expect(() => loadConfig({ INCIDENT_ESCALATION_MINUTES: '0' }, '/')).toThrow(
      /INCIDENT_ESCALATION_MINUTES/,
    );
  });
});
