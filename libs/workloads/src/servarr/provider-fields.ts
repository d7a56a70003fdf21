import type { ProviderFieldInput } from "./resources";

// Provider resources (download clients, applications) carry their settings as a list of
// `{name, value}` fields. The apps mask secret fields on every read, so a charm cannot compare a
// password it wants with the one stored: it can only know that it cannot tell.

/** What the apps send instead of a non-empty password or API key field. */
export const MASKED_VALUE = "********";

interface WithFields {
  readonly fields: readonly ProviderFieldInput[];
}

/** The value of a named field, undefined if the resource has no such field. */
export function fieldValue(resource: WithFields, name: string): unknown {
  return resource.fields.find((field) => field.name === name)?.value;
}

/** A copy with the named fields set (added when missing), other fields untouched. */
export function withFieldValues<T extends WithFields>(
  resource: T,
  values: Readonly<Record<string, unknown>>,
): T {
  const remaining = new Map(Object.entries(values));
  const fields = resource.fields.map((field) => {
    if (!remaining.has(field.name)) return field;
    const value = remaining.get(field.name);
    remaining.delete(field.name);
    return { ...field, value };
  });
  for (const [name, value] of remaining) fields.push({ name, value });
  return { ...resource, fields };
}

export interface ProviderComparison {
  /** Top-level keys and field names whose live value differs from the desired one. */
  differs: string[];
  /** Desired fields the app masks: equal or not, nobody can tell from a read. */
  masked: string[];
}

const isEmpty = (value: unknown) => value === undefined || value === null || value === "";

function sameValue(live: unknown, desired: unknown): boolean {
  if (isEmpty(live) && isEmpty(desired)) return true;
  return JSON.stringify(live) === JSON.stringify(desired);
}

/**
 * Compares a provider as the app returns it with what a charm wants: every top-level key of
 * `desired` (but id and fields) and every desired field. A masked field is reported apart, so a
 * reconcile does not PUT on every hook just because a password cannot be read back; the charm
 * knows from its own secret whether that value changed.
 */
export function compareProvider(
  live: WithFields & Readonly<Record<string, unknown>>,
  desired: WithFields & Readonly<Record<string, unknown>>,
): ProviderComparison {
  const differs: string[] = [];
  const masked: string[] = [];
  for (const [key, value] of Object.entries(desired)) {
    if (key === "id" || key === "fields") continue;
    if (!sameValue(live[key], value)) differs.push(key);
  }
  for (const field of desired.fields) {
    const liveValue = fieldValue(live, field.name);
    if (liveValue === MASKED_VALUE) masked.push(field.name);
    else if (!sameValue(liveValue, field.value)) differs.push(field.name);
  }
  return { differs, masked };
}
