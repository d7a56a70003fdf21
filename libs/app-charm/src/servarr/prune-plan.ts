/**
 * Which registrations Prowlarr removes, and what it remembers managing afterwards.
 * Registrations are named after the related Juju applications; the charm manages exactly the
 * names it has seen related, so an application an operator added by hand under another name is
 * never touched. A name stays managed until its registration is gone.
 */
export interface PrunePlan {
  /** Managed names no longer related: their registrations go. */
  remove: string[];
  /** What is managed once those are gone. */
  managed: string[];
}

export function planPrune(
  managed: readonly string[],
  related: readonly string[],
  /** The app of a relation being broken in this hook, which is related no more. */
  broken?: string,
): PrunePlan {
  const relatedNow = new Set(related.filter((name) => name !== broken));
  const remove = [...new Set([...managed, ...(broken ? [broken] : [])])].filter(
    (name) => !relatedNow.has(name),
  );
  return { remove: remove.sort(), managed: [...relatedNow].sort() };
}
