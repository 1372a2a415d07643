// Builds the tab into tab/dist with Vite, only when its sources have changed since the last build
// (npm run dev and npm test call this through scripts/ensure.mjs; `npm run build:tab` always builds).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const tabDir = import.meta.dirname;
const root = path.resolve(tabDir, '..');
const stamp = path.join(tabDir, 'dist', '.source-hash');

function sourceFiles(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const file = path.join(dir, name);
      if (name === 'dist' || name === 'node_modules') return [];
      return statSync(file).isDirectory() ? sourceFiles(file) : [file];
    });
}

export function tabSourceHash() {
  const hash = createHash('sha256');
  for (const file of [...sourceFiles(tabDir), path.join(root, 'package-lock.json')]) {
    hash.update(path.relative(root, file)).update('\0').update(readFileSync(file));
  }
  return hash.digest('hex');
}

export function buildTab({ quiet = false, force = false } = {}) {
  const hash = tabSourceHash();
  if (!force && existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) {
    if (!quiet) console.log('the tab is up to date');
    return;
  }
  console.log('Building the tab…');
  execFileSync(
    'npx',
    ['vite', 'build', '--config', path.join(tabDir, 'vite.config.mts'), '--logLevel', 'warn'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  writeFileSync(stamp, hash);
}

if (process.argv[1] === import.meta.filename) buildTab({ force: !process.argv.includes('--if-changed') });
