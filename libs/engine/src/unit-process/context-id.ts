import { randomBytes } from "node:crypto";

/**
 * A JUJU_CONTEXT_ID as Juju builds it: `<unit-name>-<hook-or-action-name>-<random int63>`
 * (e.g. `hello/0-config-changed-5577006791947779410`). Tools send it back with every call so
 * the agent can refuse calls from a hook that is no longer running.
 */
export function newContextId(unit: string, name: string): string {
  const random = randomBytes(8).readBigUInt64BE() >> 1n; // Go's rand.Int63: 63 random bits
  return `${unit}-${name}-${random}`;
}

/** The unit a context id was made for, when it has the shape newContextId gives. */
export function contextUnit(contextId: string): string | undefined {
  return /^(.+\/\d+)-/.exec(contextId)?.[1];
}
