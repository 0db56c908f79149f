// Subset selection by weight: the core of drawing a quiz where a scenario counts as its items.

/**
 * Picks entries from `pool` whose weights sum to exactly `count`, preferring entries early in
 * `pool` (shuffle it first for a random pick). Returns null when no combination fits.
 */
export function pickExactWeight<T>(pool: readonly T[], count: number, weight: (item: T) => number): T[] | null {
  // reachable[i][r]: some subset of pool[i..] weighs exactly r.
  const reachable: boolean[][] = Array.from({ length: pool.length + 1 }, () =>
    new Array<boolean>(count + 1).fill(false),
  );
  reachable[pool.length]![0] = true;
  for (let i = pool.length - 1; i >= 0; i--) {
    const w = weight(pool[i]!);
    for (let r = 0; r <= count; r++) {
      reachable[i]![r] = reachable[i + 1]![r]! || (w <= r && reachable[i + 1]![r - w]!);
    }
  }
  if (!reachable[0]![count]) return null;
  const picked: T[] = [];
  let remaining = count;
  for (let i = 0; i < pool.length && remaining > 0; i++) {
    const w = weight(pool[i]!);
    if (w <= remaining && reachable[i + 1]![remaining - w]) {
      picked.push(pool[i]!);
      remaining -= w;
    }
  }
  return picked;
}
