export type InjectedFault = "server_error" | "reset" | "cut";

/** How the injected failures split: 5xx answers, resets before any byte, cuts after part of the body. */
const FAULT_SHARES: ReadonlyArray<readonly [InjectedFault, number]> = [
  ["server_error", 0.4],
  ["reset", 0.25],
  ["cut", 0.35],
];

/** A uniform number in [0, 1) from the seed and the request's sequence number (mulberry32 of their mix). */
export function uniform(seed: number, sequence: number): number {
  let state = (seed ^ Math.imul(sequence + 1, 0x9e3779b9)) >>> 0;
  state = (state + 0x6d2b79f5) >>> 0;
  let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
  mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
  return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
}

/**
 * Whether upstream request number `sequence` fails, and how: `failureRate` of them do, split by
 * FAULT_SHARES. Reproducible for a seed, so a failing soak can be rerun with the same faults in order.
 */
export function pickFault(seed: number, sequence: number, failureRate: number): InjectedFault | undefined {
  const draw = uniform(seed, sequence);
  if (draw >= failureRate) return undefined;
  let threshold = 0;
  for (const [fault, share] of FAULT_SHARES) {
    threshold += share * failureRate;
    if (draw < threshold) return fault;
  }
  return "cut";
}
