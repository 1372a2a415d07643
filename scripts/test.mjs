// The test command after its installs: jest and the static checks (scripts/checks.mjs) side by side.
// Jest's tests spend much of their time waiting (for child processes, a browser, the database), so
// the checks, run one at a time in the background, fill that time instead of running before jest.
// Jest's output is shown as it runs; the checks' is held back and printed whole once jest ends. The
// exit status is 1 if either failed. Arguments are passed on to jest.
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

/** Runs a command to its end; `capture` holds its output back instead of showing it. */
function run(command, args, capture) {
  return new Promise((resolve) => {
    const output = [];
    const child = spawn(command, args, {
      cwd: root,
      stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    if (capture) {
      child.stdout.on('data', (chunk) => output.push(chunk));
      child.stderr.on('data', (chunk) => output.push(chunk));
    }
    child.once('error', (error) => {
      output.push(Buffer.from(`${command}: ${error.message}\n`));
      resolve({ passed: false, output });
    });
    child.once('close', (code) => resolve({ passed: code === 0, output }));
  });
}

const started = Date.now();
const checks = run(process.execPath, [path.join(root, 'scripts/checks.mjs'), '--lanes=1'], true);
const jest = await run('npx', ['jest', ...process.argv.slice(2)], false);
const jestSeconds = Math.round((Date.now() - started) / 1000);
const checked = await checks;
process.stdout.write(Buffer.concat(checked.output));
const minutes = (seconds) => `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
process.stdout.write(
  `── jest ${jest.passed ? 'passed' : 'FAILED'} in ${minutes(jestSeconds)}; ` +
    `jest and static checks done in ${minutes(Math.round((Date.now() - started) / 1000))}\n`,
);
process.exitCode = jest.passed && checked.passed ? 0 : 1;
