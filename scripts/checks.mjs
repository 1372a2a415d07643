// The test command's static checks — lint with type checking, formatting and the embedded database's
// Go tests — run side by side, as many at once as the machine has cores (they do not depend on each
// other). Each check's output is held back and printed whole when it ends, under a line naming it,
// so two checks never interleave; the exit status is 1 if any check failed.
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

/** Longest first, so the others fill the remaining cores while it runs. */
const checks = [
  // TypeScript's errors come from the lint (its conduct/typescript-errors rule reads them from the
  // programs the type-aware rules build), so tsc does not build both programs a second time.
  { name: "lint and type check (eslint ., with TypeScript's errors)", command: 'npx', args: ['eslint', '.'] },
  { name: 'formatting (prettier --check .)', command: 'npx', args: ['prettier', '--check', '.'] },
  { name: 'embedded database (go vet, go test)', command: 'npm', args: ['run', '-s', 'test:devdb'] },
];

function run({ name, command, args }) {
  const started = Date.now();
  return new Promise((resolve) => {
    const output = [];
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    const finish = (passed, note = '') => {
      const seconds = Math.round((Date.now() - started) / 1000);
      process.stdout.write(`── ${name}: ${passed ? 'passed' : 'FAILED'} in ${seconds} s${note}\n`);
      process.stdout.write(Buffer.concat(output));
      resolve({ name, passed });
    };
    child.once('error', (error) => finish(false, ` (${error.message})`));
    child.once('close', (code, signal) =>
      finish(code === 0, code === 0 ? '' : ` (${signal ?? `exit ${code}`})`),
    );
  });
}

const queue = [...checks];
const results = [];
const worker = async () => {
  for (let check = queue.shift(); check; check = queue.shift()) results.push(await run(check));
};
const started = Date.now();
// `--lanes=N` runs at most N checks at once (the test command runs them in one lane beside jest).
const lanesArg = process.argv.find((arg) => arg.startsWith('--lanes='));
const lanes = lanesArg ? Number(lanesArg.slice('--lanes='.length)) : availableParallelism();
await Promise.all(Array.from({ length: Math.max(1, Math.min(lanes, checks.length)) }, worker));
const failed = results.filter((result) => !result.passed).map((result) => result.name);
const seconds = Math.round((Date.now() - started) / 1000);
process.stdout.write(
  failed.length === 0
    ? `── static checks passed in ${seconds} s\n`
    : `── static checks FAILED in ${seconds} s: ${failed.join('; ')}\n`,
);
process.exitCode = failed.length === 0 ? 0 : 1;
