/**
 * TEST FIXTURE: layers and the combined plan (spec A.5), enough of Pebble's rules for the
 * client's tests: strict top-level sections, required `override`, label-exists without
 * combine, merge (lists append, maps merge, scalars overwrite) versus replace, `command`
 * required in the combined plan, check `threshold` defaulting to 3, sorted YAML out.
 */
import YAML from "yaml";
import { badRequest } from "./wire-responses";

type Obj = Record<string, unknown>;

const SECTIONS = { services: "service", checks: "check", "log-targets": "log target" } as const;
type Section = keyof typeof SECTIONS;

interface StoredLayer {
  label: string;
  order: number;
  layer: Obj;
}

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function merge(base: Obj, over: Obj): Obj {
  const out: Obj = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    if (Array.isArray(value) && Array.isArray(current)) out[key] = [...current, ...value];
    else if (isObj(value) && isObj(current)) out[key] = merge(current, value);
    else if (value !== "" && value !== null && value !== undefined) out[key] = value;
  }
  return out;
}

export class FakePlan {
  readonly #layers: StoredLayer[] = [];

  /** POST /v1/layers body → stored layer (throws HttpError like the real handler). */
  add(body: Obj): void {
    if (body.action !== "add") throw badRequest(`invalid action "${String(body.action)}"`);
    if (typeof body.label !== "string" || body.label === "") throw badRequest("label must be set");
    if (body.format !== "yaml") throw badRequest(`invalid format "${String(body.format)}"`);
    const label = body.label;
    if (label.startsWith("pebble-")) throw badRequest(`cannot use reserved label prefix "pebble-"`);
    let parsed: unknown;
    try {
      parsed = YAML.parse(String(body.layer ?? ""));
    } catch (error) {
      throw badRequest(`cannot parse layer "${label}": ${(error as Error).message}`);
    }
    const layer = isObj(parsed) ? parsed : {};
    for (const key of Object.keys(layer)) {
      if (!["summary", "description", ...Object.keys(SECTIONS)].includes(key)) {
        throw badRequest(`cannot parse layer "${label}": unknown section "${key}"`);
      }
    }
    for (const [section, noun] of Object.entries(SECTIONS)) {
      for (const [name, entry] of Object.entries((layer[section] as Obj | undefined) ?? {})) {
        if (!isObj(entry) || (entry.override !== "merge" && entry.override !== "replace")) {
          throw badRequest(`layer "${label}" must define "override" for ${noun} "${name}"`);
        }
      }
    }
    const existing = this.#layers.find((l) => l.label === label);
    if (existing && !body.combine) throw badRequest(`layer "${label}" already exists`);
    const candidate = existing
      ? this.#layers.map((l) => (l === existing ? { ...l, layer: this.#combineLayers([l.layer, layer]) } : l))
      : [...this.#layers, { label, order: (this.#layers.length + 1) * 1000, layer }];
    const plan = this.#combineLayers(candidate.map((l) => l.layer));
    for (const [name, service] of Object.entries(plan.services as Obj)) {
      if (!(service as Obj).command) throw badRequest(`plan must define "command" for service "${name}"`);
    }
    this.#layers.splice(0, this.#layers.length, ...candidate);
  }

  #combineLayers(layers: Obj[]): Obj {
    const out: Obj = {};
    for (const layer of layers) {
      if (layer.summary !== undefined) out.summary = layer.summary;
      if (layer.description !== undefined) out.description = layer.description;
      for (const section of Object.keys(SECTIONS) as Section[]) {
        const target = (out[section] as Obj | undefined) ?? {};
        for (const [name, entry] of Object.entries((layer[section] as Obj | undefined) ?? {})) {
          const e = entry as Obj;
          const current = target[name] as Obj | undefined;
          target[name] = e.override === "replace" || !current ? { ...e } : merge(current, e);
        }
        out[section] = target;
      }
    }
    return out;
  }

  /** The combined plan, `services`/`checks`/`log-targets` always present. */
  combined(): {
    services: Record<string, Obj>;
    checks: Record<string, Obj>;
    "log-targets": Record<string, Obj>;
  } {
    const plan = this.#combineLayers(this.#layers.map((l) => l.layer));
    const checks = Object.fromEntries(
      Object.entries((plan.checks as Record<string, Obj>) ?? {}).map(([name, check]) => [
        name,
        { threshold: 3, ...check },
      ]),
    );
    return {
      services: (plan.services as Record<string, Obj>) ?? {},
      checks,
      "log-targets": (plan["log-targets"] as Record<string, Obj>) ?? {},
    };
  }

  /** GET /v1/plan?format=yaml: sections left out when empty, map keys sorted (as Go's yaml). */
  toYaml(): string {
    const plan = this.combined();
    const out: Obj = {};
    for (const [key, value] of Object.entries(plan)) if (Object.keys(value).length) out[key] = value;
    return Object.keys(out).length ? YAML.stringify(out, { sortMapEntries: true }) : "{}\n";
  }

  labels(): string[] {
    return this.#layers.map((l) => l.label);
  }
}
