import type { Reporter, TestModule } from "vitest/node";

/** Prints "N passed, N failed, N skipped" on its own line at the end of a run, for CI log readers. */
export default class PlainSummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      let failedInModule = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") passed++;
        else if (state === "failed") failedInModule++;
        else skipped++;
      }
      // A file that fails to load has no failed tests; count it once so the line never reads "0 failed".
      failed += failedInModule === 0 && module.state() === "failed" ? 1 : failedInModule;
    }
    console.log(`\nvitest: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  }
}
