// The nearest-rank percentile the benchmarks report: `p` in 0..1 of `list`; NaN when empty.
export function percentile(list, p) {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : NaN;
}
