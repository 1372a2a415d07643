// Installs what Conduct needs on a fresh machine, and nothing twice:
// npm packages (when the lockfile changed), the embedded database build, the tab's build (when its
// sources changed), and — with --browser — Debian's Chromium (its headless shell) for the browser
// tests. The npm packages and the database build (Go) are independent and run at the same time;
// the tab's build needs the packages.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const run = (command, args, options = {}) =>
  execFileSync(command, args, { cwd: root, stdio: 'inherit', ...options });

// The lockfile lists every platform's optional packages, so neither command rewrites it (a fresh
// clone stays clean): `npm ci` on a fresh clone; after a pull, `npm install --no-save`, which
// changes only what the lockfile changed instead of reinstalling everything.
async function ensureNodeModules() {
  const lockHash = () =>
    createHash('sha256')
      .update(readFileSync(path.join(root, 'package-lock.json')))
      .digest('hex');
  const stamp = path.join(root, 'node_modules', '.conduct-lock-hash');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === lockHash()) return;
  const fresh = !existsSync(path.join(root, 'node_modules'));
  console.log(`Installing npm packages (${fresh ? 'npm ci' : 'npm install'})…`);
  await runAsync('npm', [
    fresh ? 'ci' : 'install',
    ...(fresh ? [] : ['--no-save']),
    '--no-audit',
    '--no-fund',
  ]);
  writeFileSync(stamp, lockHash());
}

/** Runs a command beside the others, its output passed through; rejects if it fails. */
function runAsync(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`)),
    );
  });
}

function ensureChromium() {
  if (existsSync('/usr/bin/chromium-headless-shell')) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      'Chromium is needed for the browser tests: run "sudo apt-get install -y chromium-headless-shell" once.',
    );
  }
  console.log("Installing Chromium's headless shell from Debian for the browser tests…");
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', 'chromium-headless-shell'], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

// build-devdb.mjs builds only when infra/devdb's Go sources changed.
await Promise.all([
  ensureNodeModules(),
  runAsync(process.execPath, [path.join(root, 'scripts', 'build-devdb.mjs'), '--quiet']),
]);
const { buildTab } = await import('../tab/build.mjs');
buildTab({ quiet: true });
if (process.argv.includes('--browser')) ensureChromium();
