import type { CharmMeta } from "./charm-meta";

export class ActionParamsError extends Error {}

/**
 * The params an action sees in action-get: what the operator gave plus schema defaults, after
 * the checks `juju run` does before the task is queued (known action, required params present,
 * no unknown params unless additionalProperties).
 */
export function resolveActionParams(
  meta: CharmMeta,
  unit: string,
  action: string,
  given: Record<string, unknown>,
): Record<string, unknown> {
  const spec = meta.actions[action];
  if (!spec)
    throw new ActionParamsError(
      `action ${JSON.stringify(action)} not defined on unit ${JSON.stringify(unit)}`,
    );
  const params: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(spec.params)) {
    if ("default" in schema) params[name] = schema.default;
  }
  for (const [name, value] of Object.entries(given)) {
    if (!spec.additionalProperties && !spec.params[name]) {
      throw new ActionParamsError(
        `validation failed: (root) : additional property ${JSON.stringify(name)} is not allowed`,
      );
    }
    params[name] = value;
  }
  for (const name of spec.required) {
    if (!(name in params)) {
      throw new ActionParamsError(
        `validation failed: (root) : ${JSON.stringify(name)} property is missing and required`,
      );
    }
  }
  return params;
}
