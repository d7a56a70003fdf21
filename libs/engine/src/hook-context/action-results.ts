/** action-set's nesting: `a.b=c` sets results.a.b, replacing a non-map `a` (uniter addValueToMap). */
export function addResult(results: Record<string, unknown>, keys: readonly string[], value: string): void {
  let target = results;
  keys.forEach((key, i) => {
    if (i === keys.length - 1) {
      target[key] = value;
      return;
    }
    const next = target[key];
    if (typeof next === "object" && next !== null && !Array.isArray(next)) {
      target = next as Record<string, unknown>;
    } else {
      const created: Record<string, unknown> = {};
      target[key] = created;
      target = created;
    }
  });
}
