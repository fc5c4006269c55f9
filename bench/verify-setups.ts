import type { Setup, SetupId, Workload } from "./bench-setups.ts";
import { FIRST_TOKEN } from "./mock-payloads.ts";

const CHECKED: Workload[] = ["json", "sse", "paced", "delayed"];

/**
 * One request of every kind through every setup before anything is timed: a setup that answers an
 * error (a refused key, a broken route) would otherwise be measured as a very fast gateway.
 */
export async function verifySetups(
  setups: Setup[],
): Promise<{ ready: Setup[]; skipped: { id: SetupId; reason: string }[] }> {
  const ready: Setup[] = [];
  const skipped: { id: SetupId; reason: string }[] = [];
  for (const setup of setups) {
    let problem: string | undefined;
    for (const workload of CHECKED) {
      const target = setup.target(workload);
      try {
        const response = await fetch(target.url, {
          method: "POST",
          headers: target.headers,
          body: target.body,
          signal: AbortSignal.timeout(10_000),
        });
        const text = await response.text();
        if (response.status !== 200 || !text.includes(FIRST_TOKEN)) {
          problem = `${workload} request answered ${response.status}: ${text.slice(0, 300)}`;
        }
      } catch (error) {
        problem = `${workload} request failed: ${String(error)}`;
      }
      if (problem !== undefined) break;
    }
    if (problem === undefined) ready.push(setup);
    else {
      console.log(`  (${setup.letter}) ${setup.id} does not work and is skipped: ${problem}`);
      skipped.push({ id: setup.id, reason: problem });
    }
  }
  return { ready, skipped };
}
