import { execFileSync } from 'node:child_process';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const devdbBinary = path.join(repoRoot, 'infra', 'devdb', 'bin', 'devdb');

/** Builds infra/devdb if its sources changed (a no-op otherwise). */
export function buildDevdbOnce(): void {
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'build-devdb.mjs')], { stdio: 'inherit' });
}
