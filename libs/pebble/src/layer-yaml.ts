/**
 * Layers and plans as YAML text. Kept apart from the client on purpose: the `yaml` library
 * is a third of a charm's bundle, and a hook rarely needs it. The client sends layers as
 * JSON (valid YAML, which Pebble's parser reads) and returns the plan as text; import this
 * module (`@charmarr/pebble/layer-yaml`) only where a charm must read the plan.
 */
import YAML from "yaml";
import { type Layer, layerFromWire, layerToWire } from "./layer";
import { PebbleProtocolError } from "./pebble-errors";
import type { Plan } from "./plan";

export function layerToYaml(layer: Layer): string {
  return YAML.stringify(layerToWire(layer));
}

export function layerFromYaml(text: string, context = "layer"): Layer {
  let value: unknown;
  try {
    value = YAML.parse(text);
  } catch (error) {
    throw new PebbleProtocolError(`${context}: invalid YAML: ${(error as Error).message}`);
  }
  return layerFromWire(value, context);
}

/** The combined plan from `PebbleClient.getPlanYaml()`. */
export function parsePlan(yamlText: string): Plan {
  const layer = layerFromYaml(yamlText, "plan");
  return { services: layer.services ?? {}, checks: layer.checks ?? {}, logTargets: layer.logTargets ?? {} };
}
