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
  // The slowest files first, also on a fresh clone that has no timings cached yet.
  testSequencer: '<rootDir>/test/support/sequencer.js',
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
