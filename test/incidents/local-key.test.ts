import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { incidentKeyFor, localKeyFile } from '../../src/incidents/local-key';
import { createSealer } from '../../src/incidents/seal';
import { createLogger } from '../../src/logger';

/** A real logger whose lines are kept, to check what a start says (and that the key is not in it). */
function recordingLogger() {
  const lines: string[] = [];
  const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
  return Object.assign(logger, { lines });
}

describe('the incident encryption key when INCIDENT_ENCRYPTION_KEY is unset', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'conduct-key-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const configFor = (env: Record<string, string>) =>
    loadConfig({ DEVDB_DATA_DIR: path.join(dir, 'devdb'), ...env }, dir);

  it('is made once in development, beside the embedded database, readable by its owner only, and said so without the key', async () => {
    const logger = recordingLogger();
    const config = configFor({ NODE_ENV: 'development' });
    const key = incidentKeyFor(config, logger);
    const file = path.join(dir, localKeyFile);
    expect(key).toBeDefined();
    expect(createSealer(key).available).toBe(true);
    expect((await readFile(file, 'utf8')).trim()).toBe(key);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(logger.lines).toEqual([expect.stringMatching(/"level":40.*created a local key for development/)]);

    const again = incidentKeyFor(config, logger);
    expect(again).toBe(key);
    expect(logger.lines[1]).toMatch(/"level":30.*using the local development key/);
    expect(logger.lines.join('\n')).not.toContain(key!);
  });

  it('is the configured key whenever one is set, and none in tests (where such reports are refused)', () => {
    const logger = recordingLogger();
    const configured = Buffer.alloc(32, 3).toString('base64');
    expect(
      incidentKeyFor(configFor({ NODE_ENV: 'development', INCIDENT_ENCRYPTION_KEY: configured }), logger),
    ).toBe(configured);
    expect(
      incidentKeyFor(
        configFor({
          NODE_ENV: 'test',
          MICROSOFT_APP_ID: 'app',
          MICROSOFT_APP_PASSWORD: 'secret',
          MICROSOFT_APP_TENANT_ID: 'tenant',
        }),
        logger,
      ),
    ).toBeUndefined();
    expect(logger.lines).toEqual([]);
  });

  it('is refused in production: the configuration does not load without it', () => {
    expect(() => configFor({ NODE_ENV: 'production' })).toThrow(/INCIDENT_ENCRYPTION_KEY: is required/);
  });
});
