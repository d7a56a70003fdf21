/**
 * A zero-argument async function that runs at most once; later calls share the first
 * promise. Used for hook-tool answers that cannot change within a hook.
 */
export function memoize<T>(fn: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => {
    result ??= fn();
    return result;
  };
}
