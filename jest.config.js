/** ES-module-only packages that jest (which loads CommonJS) must transform. */
const esmPackages = [
  'agenda',
  '@agendajs/mongo-backend',
  'jose',
  'oauth2-mock-server',
  'is-plain-obj',
  'strip-bom',
];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }],
    '^.+\\.m?js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  setupFilesAfterEnv: ['<rootDir>/test/support/record-queries.ts', '<rootDir>/test/support/agenda-timers.ts'],
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  // Only a hung test should reach this. A ten-turn conversation with the bot takes a few seconds
  // alone but close to a minute on a 2-core machine that also runs the linter and type checker
  // beside jest (CI failed once at 60 s for exactly that), so the bound is generous.
  testTimeout: 180_000,
  maxWorkers: 2,
  // A worker ends once nothing keeps it alive; jest force-exits it (and warns of a leak) if its
  // process has not gone 0.5 s after it was told to end. Logged in each worker after its last file:
  // the end message handled, nothing open but stdout and stderr, Node's 'exit' emitted with code 0
  // — yet the warning came, because the process was still being torn down. A worker grows by tens
  // of MB a file (0.5 GB after 8 files) and the kernel takes 0.26 s to free 1 GB at load 6 and
  // 0.74 s at load 18 (measured with a bare Node process). So a worker gets 5 s: a real leak (an
  // open server, socket or timer) never ends and is still reported, 5 s later.
  workerGracefulExitTimeout: 5_000,
  // The slowest files first, also on a fresh clone that has no timings cached yet.
  testSequencer: '<rootDir>/test/support/sequencer.js',
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
