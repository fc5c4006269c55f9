/** `items[i]` with probability `weights[i] / sum(weights)`; uniform when no weight is positive. */
export function pickWeighted<T>(items: readonly T[], weights: readonly number[], random: () => number): T | undefined {
  const total = weights.reduce((sum, weight) => sum + Math.max(0, weight), 0);
  if (total <= 0) return pickUniform(items, random);
  let remaining = random() * total;
  for (const [index, item] of items.entries()) {
    remaining -= Math.max(0, weights[index] ?? 0);
    if (remaining < 0) return item;
  }
  // random() returned 1 or rounding left a sliver: the last item with weight.
  return items.findLast((_, index) => (weights[index] ?? 0) > 0);
}

export function pickUniform<T>(items: readonly T[], random: () => number): T | undefined {
  return items[Math.min(items.length - 1, Math.floor(random() * items.length))];
}
