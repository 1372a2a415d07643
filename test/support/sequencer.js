// Orders test files slowest first, so that at the end of the run neither jest worker sits idle
// while the other finishes a long file. Jest does this itself from the timings it cached on the
// last run from the same directory; a fresh clone has none, and jest then goes by file size, which
// put some of the slowest files (the two-worker campaign test is a small file) among the last to
// start. Without cached timings the estimates below come first (seconds in a suite run on the
// 2-core machine, the mean of two fresh-clone runs of 27 November 2026; only their order matters,
// so they need not be exact), then the rest by size.
const Sequencer = require('@jest/test-sequencer').default;
const path = require('node:path');

const estimates = {
  'test/tab/dashboard.test.ts': 100,
  'test/fuzz/activities.test.ts': 85,
  'test/fuzz/api.test.ts': 55,
  'test/config.test.ts': 53,
  'test/incidents/conversation.test.ts': 48,
  'test/incidents/playground.test.ts': 47,
  'test/tab/permissions.test.ts': 46,
  'test/tab/policy-cycle.test.ts': 45,
  'test/tab/permissions-forms.test.ts': 45,
  'test/permissions/playground.test.ts': 44,
  'test/compliance/api.test.ts': 42,
  'test/policies/review.test.ts': 40,
  'test/campaigns/crash.test.ts': 38,
  'test/compliance/outstanding-pages.test.ts': 38,
  'test/incidents/playground-urgent.test.ts': 36,
  'test/tab/data-protection.test.ts': 35,
  'test/incidents/api.test.ts': 34,
  'test/campaigns/concurrent.test.ts': 30,
};

class SlowestFirst extends Sequencer {
  sort(tests) {
    if (tests.some((test) => this.time(test) !== undefined)) return super.sort(tests);
    const estimate = (test) => estimates[path.relative(test.context.config.rootDir, test.path)] ?? 0;
    const size = (test) => test.context.hasteFS.getSize(test.path) ?? 0;
    return [...tests].sort((a, b) => estimate(b) - estimate(a) || size(b) - size(a));
  }
}

module.exports = SlowestFirst;
