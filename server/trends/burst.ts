/**
 * Burst scores: how surprising a count is against what a decayed baseline expects, as
 * −log10 of the upper-tail probability, so one scale serves small and large counts alike.
 * Small expectations use the exact Poisson tail; large ones the z-score of the normal
 * approximation (whose tail is then turned into the same −log10 scale).
 */

/** −log10 P(X ≥ k) for X ~ Poisson(λ): how surprising k items are by chance. */
export function poissonSurprise(k: number, lambda: number): number {
  if (k <= 0) return 0;
  if (lambda <= 0) return 300;
  // Summing the tail upward from k (in logs) keeps precision where 1 − P(X < k) would round to 0.
  let logTerm = -lambda + k * Math.log(lambda) - logFactorial(k);
  let tail = 0;
  for (let i = k; i < k + 400; i++) {
    const term = Math.exp(logTerm);
    tail += term;
    if (term < tail * 1e-12) break;
    logTerm += Math.log(lambda / (i + 1));
  }
  return tail > 0 ? Math.min(300, -Math.log10(Math.min(1, tail))) : 300;
}

/** (k − λ) / √λ: how many standard deviations a count lies above its expectation. */
export function zScore(k: number, lambda: number): number {
  return lambda > 0 ? (k - lambda) / Math.sqrt(lambda) : k > 0 ? Infinity : 0;
}

/** Above this expectation the normal approximation replaces the exact Poisson tail. */
export const POISSON_LIMIT = 30;

/** −log10 of the chance of seeing at least `count` where `expected` is usual. */
export function burstScore(count: number, expected: number): number {
  if (count <= expected) return 0;
  if (expected < POISSON_LIMIT) return poissonSurprise(count, expected);
  return normalSurprise(zScore(count, expected));
}

/** −log10 P(Z ≥ z) for a standard normal Z (Abramowitz–Stegun 7.1.26 for erfc). */
export function normalSurprise(z: number): number {
  if (z <= 0) return 0;
  if (!Number.isFinite(z)) return 300;
  const x = z / Math.SQRT2;
  if (x > 5) {
    // Asymptotic tail: log10(φ(z)/z).
    const logTail = -(z * z) / 2 - Math.log(z * Math.sqrt(2 * Math.PI));
    return Math.min(300, -logTail / Math.LN10);
  }
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const tail = 0.5 * poly * Math.exp(-x * x);
  return -Math.log10(tail);
}

const LOG_FACTORIALS: number[] = [0, 0];
function logFactorial(n: number): number {
  for (let i = LOG_FACTORIALS.length; i <= n; i++) LOG_FACTORIALS.push(LOG_FACTORIALS[i - 1]! + Math.log(i));
  return LOG_FACTORIALS[n]!;
}
