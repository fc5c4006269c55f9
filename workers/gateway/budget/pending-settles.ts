import type { BudgetCounter } from "../../../durable-objects/budget-counter.ts";
import type { SettleInput } from "../../core/budget/budget-counter-rpc.ts";

/** How long a settle waits for a reserve of its scope to carry it before it is sent alone. */
export const SETTLE_WINDOW_MS = 5;
/** The most settles one call carries (the RPC schemas' limit). */
const MAX_CARRIED = 100;
const SEND_ATTEMPTS = 3;

interface Pending {
  input: SettleInput;
  applied: () => void;
}

export interface CarriedSettles {
  inputs: SettleInput[];
  applied(): void;
  requeue(): Promise<void>;
}

interface ScopeQueue {
  pending: Pending[];
  /** A request's timer will send what is still pending when the window ends. */
  flushScheduled: boolean;
}

/**
 * Settles of one isolate, per budget scope, on their way to the scope's BudgetCounter. Instead of a
 * round trip and a storage commit each, a settle rides along with the next reserve of its scope (applied
 * first, in the reserve's transaction), or, if no reserve comes within SETTLE_WINDOW_MS, goes with the
 * other pending ones in one `settleMany`. The bench profile had the settle as half of a strict request's
 * Durable Object work, and its commit delaying the next reserve's answer.
 *
 * A hold is only released later, never early: while its settle waits, the scope counts the request as
 * still in flight, so limits stay strict. Each request's waitUntil waits until its settle was applied;
 * the request that opens a window owns the timer, and works with its own stub (stubs belong to a request).
 */
export class PendingSettles {
  private readonly namespace: DurableObjectNamespace<BudgetCounter>;
  private readonly scopes = new Map<string, ScopeQueue>();

  constructor(namespace: DurableObjectNamespace<BudgetCounter>) {
    this.namespace = namespace;
  }

  /** Queues a settle; resolves once it was applied, or given up on after retries (logged; the hold then expires). */
  add(scopeName: string, input: SettleInput): Promise<void> {
    if (!isWellFormed(input)) {
      // The object would refuse it as a bug, and with it every settle or reserve it travelled with.
      console.error(`budget settle of ${input.requestId} for ${scopeName} is malformed; the hold will expire`, input);
      return Promise.resolve();
    }
    const queue = this.queueOf(scopeName);
    const applied = new Promise<void>((resolve) => queue.pending.push({ input, applied: resolve }));
    return queue.flushScheduled ? applied : Promise.all([applied, this.flushLater(scopeName, queue)]).then(() => {});
  }

  /**
   * The pending settles of a scope, for the reserve about to go out: `applied()` once it succeeded;
   * else `requeue()` puts them back (settles are idempotent, so a reserve that failed after its commit
   * does no harm), and its promise, for the caller's waitUntil, covers their resend.
   */
  take(scopeName: string): CarriedSettles {
    const queue = this.scopes.get(scopeName);
    const taken = queue === undefined ? [] : queue.pending.splice(0, MAX_CARRIED);
    return {
      inputs: taken.map((pending) => pending.input),
      applied: () => {
        for (const pending of taken) pending.applied();
      },
      requeue: async () => {
        if (taken.length === 0) return;
        const requeued = this.queueOf(scopeName);
        requeued.pending.unshift(...taken);
        if (!requeued.flushScheduled) await this.flushLater(scopeName, requeued);
      },
    };
  }

  private queueOf(scopeName: string): ScopeQueue {
    let queue = this.scopes.get(scopeName);
    if (queue === undefined) {
      queue = { pending: [], flushScheduled: false };
      this.scopes.set(scopeName, queue);
    }
    return queue;
  }

  /** After the window, sends what no reserve took, in batches, each retried with backoff. */
  private async flushLater(scopeName: string, queue: ScopeQueue): Promise<void> {
    queue.flushScheduled = true;
    await new Promise((resolve) => setTimeout(resolve, SETTLE_WINDOW_MS));
    queue.flushScheduled = false;
    const stub = this.namespace.getByName(scopeName);
    while (queue.pending.length > 0) {
      const batch = queue.pending.splice(0, MAX_CARRIED);
      await sendWithRetry(stub, batch, scopeName);
      for (const pending of batch) pending.applied();
    }
    if (queue.pending.length === 0 && !queue.flushScheduled) this.scopes.delete(scopeName);
  }
}

function isWellFormed(input: SettleInput): boolean {
  const { actualUsd, actualTokens, now } = input;
  return (
    input.reservationId !== "" &&
    input.requestId !== "" &&
    Number.isFinite(actualUsd) &&
    actualUsd >= 0 &&
    Number.isSafeInteger(actualTokens) &&
    actualTokens >= 0 &&
    Number.isFinite(now)
  );
}

async function sendWithRetry(stub: DurableObjectStub<BudgetCounter>, batch: Pending[], scopeName: string) {
  const inputs = batch.map((pending) => pending.input);
  for (let attempt = 1; attempt <= SEND_ATTEMPTS; attempt += 1) {
    try {
      await stub.settleMany(inputs);
      return;
    } catch (error) {
      if (attempt === SEND_ATTEMPTS) {
        console.error(
          `budget settle of ${inputs.length} request(s) for ${scopeName} failed ${SEND_ATTEMPTS} times; the holds will expire`,
          error,
        );
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
    }
  }
}

const registry = new WeakMap<DurableObjectNamespace<BudgetCounter>, PendingSettles>();

/** The isolate's pending settles for a BudgetCounter namespace (a test's replacement binding gets its own). */
export function pendingSettlesOf(namespace: DurableObjectNamespace<BudgetCounter>): PendingSettles {
  let settles = registry.get(namespace);
  if (settles === undefined) {
    settles = new PendingSettles(namespace);
    registry.set(namespace, settles);
  }
  return settles;
}
