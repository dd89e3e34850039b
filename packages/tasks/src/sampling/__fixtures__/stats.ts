/**
 * Test helper: Pearson's chi-square statistic of observed counts against expected
 * probabilities (`Σ (c_k - N p_k)² / (N p_k)`).
 */
export function chiSquare(counts: readonly number[], probabilities: readonly number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.reduce((sum, c, k) => sum + (c - total * probabilities[k]) ** 2 / (total * probabilities[k]), 0);
}
