// Builds infra/devdb (FerretDB embedded behind our serialising gate) with `go build`,
// only when its Go sources have changed since the last build.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const dir = path.resolve(import.meta.dirname, '..', 'infra', 'devdb');
const binary = path.join(dir, 'bin', 'devdb');
const stamp = path.join(dir, 'bin', '.source-hash');

export function sourceHash() {
  const hash = createHash('sha256');
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.go') || name === 'go.mod' || name === 'go.sum')
    .sort();
  for (const name of files)
    hash
      .update(name)
      .update('\0')
      .update(readFileSync(path.join(dir, name)));
  return hash.digest('hex');
}

export function buildDevdb({ quiet = false } = {}) {
  const hash = sourceHash();
  if (existsSync(binary) && existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) {
    if (!quiet) console.log('devdb is up to date');
    return;
  }
  console.log('Building the embedded database (infra/devdb); the first build takes about a minute…');
  execFileSync('go', ['build', '-o', 'bin/devdb', '.'], { cwd: dir, stdio: 'inherit' });
  writeFileSync(stamp, hash);
}

if (import.meta.url === `file://${process.argv[1]}`) buildDevdb({ quiet: process.argv.includes('--quiet') });
