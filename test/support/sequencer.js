// Orders test files slowest first, so that at the end of the run neither jest worker sits idle
// while the other finishes a long file. Jest does this itself from the timings it cached on the
// last run from the same directory; a fresh clone has none, and jest then goes by file size, which
// put some of the slowest files (the two-worker campaign test is a small file) among the last to
// start. Files without a cached time take the estimates below (seconds in a suite run on the
// 2-core machine, the mean of two fresh-clone runs of 27 November 2026; only their order matters,
// so they need not be exact); the rest go after them by size.
const Sequencer = require('@jest/test-sequencer').default;
const path = require('node:path');

const estimates = {
  'test/tab/dashboard.test.ts': 100,
  'test/fuzz/activities.test.ts': 85,
  'test/fuzz/api.test.ts': 55,
  'test/config.test.ts': 53,
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
  /**
   * Failed files first (as jest does), then slowest first by the time jest cached for the file or,
   * where it has none, the estimate above, then the rest by size. Jest itself runs files it has no
   * time for before all those it has: after a developer ran a few slow files alone, those ran last.
   */
  sort(tests) {
    const seconds = (test) =>
      this.time(test) ?? estimates[path.relative(test.context.config.rootDir, test.path)] * 1000;
    const size = (test) => test.context.hasteFS.getSize(test.path) ?? 0;
    const known = (value) => (Number.isFinite(value) ? value : -1);
    const keyed = tests.map((test) => ({
      test,
      failed: this.hasFailed(test),
      duration: known(seconds(test)),
      size: size(test),
    }));
    keyed.sort((a, b) => Number(b.failed) - Number(a.failed) || b.duration - a.duration || b.size - a.size);
    return keyed.map(({ test }) => test);
  }
}

module.exports = SlowestFirst;
