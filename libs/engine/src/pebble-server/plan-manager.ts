import type { Layer } from "./layer";
import { buildPlan, combineLayers, EMPTY_PLAN, type Plan } from "./plan";

/** POST /v1/layers without combine on an existing label (planstate.LabelExists). */
export class LabelExistsError extends Error {
  constructor(label: string) {
    super(`layer ${JSON.stringify(label)} already exists`);
    this.name = "LabelExistsError";
  }
}

export type PlanListener = (plan: Plan) => void;

/**
 * The layer stack and the combined plan (planstate.PlanManager). A failed change leaves the plan
 * untouched; listeners hear about every successful change.
 */
export class PlanManager {
  private current: Plan = EMPTY_PLAN;
  private readonly listeners: PlanListener[] = [];

  get plan(): Plan {
    return this.current;
  }

  onChange(listener: PlanListener): void {
    this.listeners.push(listener);
  }

  appendLayer(layer: Layer, inner: boolean): void {
    if (this.current.layers.some((l) => l.label === layer.label)) throw new LabelExistsError(layer.label);
    this.insertLayer(layer, inner);
  }

  combineLayer(layer: Layer, inner: boolean): void {
    const index = this.current.layers.findIndex((l) => l.label === layer.label);
    const found = this.current.layers[index];
    if (!found) {
      this.insertLayer(layer, inner);
      return;
    }
    const combined = combineLayers([found, layer], found.label, found.order);
    const layers = [...this.current.layers];
    layers[index] = combined;
    this.update(layers);
  }

  /**
   * Appends a layer with the next multiple of 1000 as its order, or, for a "dir/name" label whose
   * directory already has layers, right after them (which needs `inner` when layers follow).
   */
  private insertLayer(layer: Layer, inner: boolean): void {
    const layers = this.current.layers;
    let index = 0;
    let order = 1000;
    if (layers.length > 0) {
      const [directory, , hasDirectory] = splitLabel(layer.label);
      const lastInDirectory = layers.findLastIndex((l) => splitLabel(l.label)[0] === directory);
      if (lastInDirectory >= 0) {
        index = lastInDirectory + 1;
        order = (layers[lastInDirectory] as Layer).order + 1;
      } else {
        index = layers.length;
        order = (Math.floor((layers.at(-1) as Layer).order / 1000) + 1) * 1000 + (hasDirectory ? 1 : 0);
      }
    }
    if (index !== layers.length && !inner) {
      // A plain error in Pebble, so the API answers 500.
      throw new Error("cannot insert sub-directory layer without 'inner' attribute set");
    }
    const next = [...layers];
    next.splice(index, 0, { ...layer, order });
    this.update(next);
  }

  private update(layers: Layer[]): void {
    const plan = buildPlan(layers);
    this.current = plan;
    for (const listener of this.listeners) listener(plan);
  }
}

function splitLabel(label: string): [string, string, boolean] {
  const slash = label.indexOf("/");
  return slash < 0 ? [label, "", false] : [label.slice(0, slash), label.slice(slash + 1), true];
}
