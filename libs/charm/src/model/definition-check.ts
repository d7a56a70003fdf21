import * as z from "zod";
import type { CharmDefinition } from "../define-charm";

/**
 * What in a charm definition disagrees with its charmcraft.yaml: a refinement of an option the
 * YAML lacks (a misspelling would otherwise be ignored silently), an action handled but not
 * declared or declared but not handled, params whose schema has other keys than the YAML or
 * requires one that Juju may leave out. The compiler catches most of this through the
 * generated types; `npm run build` runs this on every charm so nothing slips through.
 */
export function definitionProblems(charm: CharmDefinition<never>): string[] {
  const problems: string[] = [];
  const options = charm.metadata.config?.options ?? {};
  const declared = charm.metadata.actions ?? {};
  const parts = [
    { name: "the charm", config: charm.config ?? {}, actions: charm.actions ?? {} },
    ...(charm.features ?? []).map((feature) => ({
      name: `feature "${feature.name}"`,
      config: feature.config ?? {},
      actions: feature.actions ?? {},
    })),
  ];
  const known = Object.keys(options).join(", ") || "none";

  const handled = new Set<string>();
  for (const part of parts) {
    for (const option of Object.keys(part.config)) {
      if (!(option in options)) {
        problems.push(
          `${part.name} refines config option "${option}", which charmcraft.yaml lacks (options: ${known})`,
        );
      }
    }
    for (const [name, action] of Object.entries(part.actions)) {
      handled.add(name);
      const spec = declared[name];
      if (!spec) {
        problems.push(`${part.name} handles action "${name}", which charmcraft.yaml does not declare`);
        continue;
      }
      problems.push(...paramProblems(part.name, name, spec, action.params));
    }
  }
  for (const name of Object.keys(declared)) {
    if (!handled.has(name))
      problems.push(`action "${name}" is declared in charmcraft.yaml but nothing handles it`);
  }
  return problems;
}

function paramProblems(
  part: string,
  action: string,
  spec: { params?: Record<string, Record<string, unknown>>; required?: readonly string[] },
  schema: unknown,
): string[] {
  if (!(schema instanceof z.ZodObject)) return []; // a custom schema: the compiler checked its output type
  const problems: string[] = [];
  const params = spec.params ?? {};
  const required = new Set(spec.required ?? []);
  const shape = schema.shape as Record<string, z.ZodType>;
  for (const [name, field] of Object.entries(shape)) {
    const param = params[name];
    if (!param) {
      problems.push(
        `${part}: action "${action}" reads param "${name}", which charmcraft.yaml does not declare`,
      );
    } else if (!field.safeParse(undefined).success && !required.has(name) && param.default === undefined) {
      problems.push(
        `${part}: action "${action}" requires param "${name}", which charmcraft.yaml lets Juju leave out (add it to required, or give it a default)`,
      );
    }
  }
  for (const name of Object.keys(params)) {
    if (!(name in shape)) {
      problems.push(`${part}: action "${action}" ignores param "${name}", which charmcraft.yaml declares`);
    }
  }
  return problems;
}
