/**
 * Layers in, combined plan out (spec A.5). Pebble only ever takes layers as YAML text and only
 * returns the combined plan (as YAML), never the layers themselves. Layers go out as JSON,
 * which is YAML too, so a hook never loads a YAML library; see layer-yaml.ts for the plan.
 */
import { requestSync } from "./envelope";
import { type CheckSpec, type Layer, type LogTargetSpec, layerToWire, type ServiceSpec } from "./layer";
import { PebbleProtocolError } from "./pebble-errors";
import type { PebbleTransport } from "./unix-socket-transport";

/** The combined plan: every layer folded together with the override rules. */
export interface Plan {
  services: Record<string, ServiceSpec>;
  checks: Record<string, CheckSpec>;
  logTargets: Record<string, LogTargetSpec>;
}

export interface AddLayerOptions {
  /** Fold into an existing layer with the same label instead of failing with "already exists". */
  combine?: boolean;
  /** Allow a `dir/name` sub-directory layer to be inserted below higher layers. */
  inner?: boolean;
}

/** The combined plan as Pebble's YAML text; parse it with `parsePlan` from layer-yaml.ts. */
export async function getPlanYaml(transport: PebbleTransport): Promise<string> {
  const result = await requestSync(transport, "GET", "/v1/plan", { query: { format: "yaml" } });
  if (typeof result !== "string") throw new PebbleProtocolError("plan: expected a YAML string result");
  return result;
}

/** Add (or with `combine`, merge) a layer. Nothing starts: call replan afterwards. */
export async function addLayer(
  transport: PebbleTransport,
  label: string,
  layer: Layer | string,
  options: AddLayerOptions = {},
): Promise<void> {
  const body: Record<string, unknown> = {
    action: "add",
    combine: options.combine ?? false,
    label,
    format: "yaml",
    layer: typeof layer === "string" ? layer : JSON.stringify(layerToWire(layer)),
  };
  if (options.inner) body.inner = true;
  await requestSync(transport, "POST", "/v1/layers", { body });
}
