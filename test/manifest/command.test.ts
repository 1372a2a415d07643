import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { repoRoot } from '../support/devdb';
import { appId, host, oakfield } from './settings';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `npm run package:teams` the way an administrator would, with exactly this environment. */
function packageTeams(args: string[], env: Record<string, string>): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/package-teams.ts', ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'development', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

const schoolFlags = [
  ['--publisher', oakfield.publisherName],
  ['--website', oakfield.websiteUrl],
  ['--privacy', oakfield.privacyUrl],
  ['--terms', oakfield.termsOfUseUrl],
].flat();

describe('npm run package:teams', () => {
  const outDir = mkdtempSync(path.join(tmpdir(), 'conduct-teams-package-'));

  it('takes the app id and public address from the configuration and writes the zip', async () => {
    const out = path.join(outDir, 'oakfield.zip');
    const run = await packageTeams([...schoolFlags, '--app-version', '2.0.1', '--out', out], {
      MICROSOFT_APP_ID: appId,
      PUBLIC_BASE_URL: `https://${host}`,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/oakfield\.zip/);
    const archive = await JSZip.loadAsync(readFileSync(out));
    const manifest = JSON.parse(await archive.file('manifest.json')!.async('string'));
    expect([manifest.id, manifest.version, manifest.validDomains]).toEqual([appId, '2.0.1', [host]]);
  });

  it('lists everything missing or wrong at once, and writes nothing', async () => {
    const out = path.join(outDir, 'refused.zip');
    const run = await packageTeams(['--privacy', 'http://www.oakfield.sch.uk/privacy', '--out', out], {
      PUBLIC_BASE_URL: 'http://localhost:3978',
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/--app-id \(or MICROSOFT_APP_ID\): is required/);
    expect(run.stderr).toMatch(/--base-url \(or PUBLIC_BASE_URL\): must be an https:\/\/ address/);
    expect(run.stderr).toMatch(/--publisher: is required/);
    expect(run.stderr).toMatch(/--privacy: must be an https:\/\/ address/);
    expect(run.stderr).toMatch(/Usage: npm run package:teams/);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses an unknown flag with the usage', async () => {
    const run = await packageTeams(['--colour', 'red'], {});
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/--colour/);
    expect(run.stderr).toMatch(/Usage:/);
  });
});
