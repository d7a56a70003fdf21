import { errorItem } from "./api-error";

/**
 * A bulk method's `results`, one per item in order: what `run` returns (`{}` for nothing), or,
 * when it throws, that item's `{"error": {"message", "code"}}`: Juju fails items, not the call.
 */
export function bulkResults<T>(items: readonly T[], run: (item: T) => unknown): unknown[] {
  return items.map((item) => {
    try {
      return run(item) ?? {};
    } catch (err) {
      return { error: errorItem(err) };
    }
  });
}
