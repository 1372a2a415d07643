// Installs what Conduct needs on a fresh machine, and nothing twice:
// npm packages (when the lockfile changed), the embedded database build, the tab's build (when its
// sources changed), and — with
// --browser — Debian's Chromium for the browser tests.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const run = (command, args, options = {}) =>
  execFileSync(command, args, { cwd: root, stdio: 'inherit', ...options });

// `npm install` rather than `npm ci`: npm records only this platform's optional native packages
// in the lockfile, and `npm ci` then refuses the lockfile as out of sync. With a lockfile present,
// `npm install` still installs exactly the locked versions.
function ensureNodeModules() {
  const lockHash = () =>
    createHash('sha256')
      .update(readFileSync(path.join(root, 'package-lock.json')))
      .digest('hex');
  const stamp = path.join(root, 'node_modules', '.conduct-lock-hash');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === lockHash()) return;
  console.log('Installing npm packages…');
  run('npm', ['install', '--no-audit', '--no-fund']);
  writeFileSync(stamp, lockHash());
}

function ensureChromium() {
  if (existsSync('/usr/bin/chromium')) return;
  if (process.getuid?.() !== 0) {
    throw new Error('Chromium is needed for the browser tests: run "sudo apt-get install -y chromium" once.');
  }
  console.log('Installing Chromium from Debian for the browser tests…');
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', 'chromium'], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

ensureNodeModules();
const { buildDevdb } = await import('./build-devdb.mjs');
buildDevdb({ quiet: true });
const { buildTab } = await import('../tab/build.mjs');
buildTab({ quiet: true });
if (process.argv.includes('--browser')) ensureChromium();
