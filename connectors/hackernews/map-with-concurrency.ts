/**
 * Runs `work` over `inputs` with at most `limit` calls in flight, keeping the order of the
 * results. The first failure stops new calls from starting and is what the whole rejects with;
 * calls already under way finish on their own (their fetches share the poll's abort signal).
 * Written here rather than adding a dependency for twenty lines.
 */
export async function mapWithConcurrency<T, R>(inputs: readonly T[], limit: number, work: (input: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(inputs.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < inputs.length) {
      const index = next++;
      try {
        results[index] = await work(inputs[index] as T);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, inputs.length)) }, worker));
  return results;
}
