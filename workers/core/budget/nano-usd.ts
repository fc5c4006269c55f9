/**
 * Budgets are counted in whole nano-dollars (1e-9 USD), not floats: summing
 * ten 0.1 USD reservations in floating point gives 0.9999999999999999 and
 * three 0.1 reservations overshoot 0.3, so "spent + reserved + amount >
 * budget" would refuse or admit one request too many. Integers are exact up to
 * 2^53 nano-dollars (about 9 million USD per window), and the cheapest priced
 * token (~1e-8 USD) is still ten units.
 */
export function toNanoUsd(usd: number): number {
  return Math.round(usd * 1e9);
}

export function fromNanoUsd(nanoUsd: number): number {
  return nanoUsd / 1e9;
}
