// The stack as a Juju bundle (`bundle.yaml` at the repository root): read and checked.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { CliError } from "./errors";

export interface BundleApp {
  /** The application name (`storage` for media-storage). */
  name: string;
  /** The charm archive, as written in the bundle (`./charms/<name>/<name>_amd64.charm`). */
  charm: string;
  /** The archive's absolute path. */
  charmPath: string;
  scale: number;
  trust: boolean;
  /** Config options, as strings (Juju's Deploy takes strings). */
  options: Record<string, string>;
  /** Resource name → OCI image reference. */
  resources: Record<string, string>;
}

/** One relation: two endpoints, `app:endpoint` (or bare `app`). */
export type BundleRelation = [string, string];

export interface Bundle {
  path: string;
  apps: BundleApp[];
  relations: BundleRelation[];
}

function fail(path: string, what: string): never {
  throw new CliError(`${path}: ${what}`);
}

function stringMap(path: string, where: string, value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) fail(path, `${where} is not a map`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === null || typeof v === "object") fail(path, `${where}.${k} is not a scalar`);
    out[k] = String(v);
  }
  return out;
}

/** Parse a bundle's text; `path` names it in errors and anchors relative charm paths. */
export function parseBundle(text: string, path: string): Bundle {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    fail(path, `not YAML (${(err as Error).message.split("\n")[0]})`);
  }
  if (!doc || typeof doc !== "object") fail(path, "not a bundle");
  const bundle = doc as Record<string, unknown>;
  if (bundle.bundle !== undefined && bundle.bundle !== "kubernetes") fail(path, "bundle must be kubernetes");
  const rawApps = (bundle.applications ?? bundle.services) as Record<string, unknown> | undefined;
  if (!rawApps || typeof rawApps !== "object") fail(path, "no applications");
  const apps: BundleApp[] = [];
  for (const [name, raw] of Object.entries(rawApps)) {
    if (!/^[a-z][a-z0-9]*(-[a-z0-9]*[a-z][a-z0-9]*)*$/.test(name))
      fail(path, `${name} is not a valid application name`);
    const app = (raw ?? {}) as Record<string, unknown>;
    if (typeof app.charm !== "string") fail(path, `applications.${name}.charm is missing`);
    if (!app.charm.startsWith("./") && !app.charm.startsWith("/"))
      fail(path, `applications.${name}.charm must be a local .charm file (./charms/...)`);
    const scale = app.scale ?? app.num_units ?? 1;
    if (typeof scale !== "number" || !Number.isInteger(scale) || scale < 0)
      fail(path, `applications.${name}.scale must be a whole number`);
    if (app.trust !== undefined && typeof app.trust !== "boolean")
      fail(path, `applications.${name}.trust must be true or false`);
    apps.push({
      name,
      charm: app.charm,
      charmPath: resolve(dirname(path), app.charm),
      scale,
      trust: app.trust === true,
      options: stringMap(path, `applications.${name}.options`, app.options),
      resources: stringMap(path, `applications.${name}.resources`, app.resources),
    });
  }
  const relations: BundleRelation[] = [];
  const names = new Set(apps.map((a) => a.name));
  for (const [i, rel] of ((bundle.relations ?? []) as unknown[]).entries()) {
    if (!Array.isArray(rel) || rel.length !== 2 || !rel.every((e) => typeof e === "string"))
      fail(path, `relations[${i}] is not a pair of endpoints`);
    for (const endpoint of rel as string[]) {
      const app = endpoint.split(":")[0]!;
      if (!names.has(app))
        fail(path, `relations[${i}] names ${app}, which is not an application of the bundle`);
    }
    relations.push([rel[0] as string, rel[1] as string]);
  }
  return { path, apps, relations };
}

export function readBundle(path: string): Bundle {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new CliError(`cannot read the bundle ${path}: ${(err as Error).message}`);
  }
  return parseBundle(text, path);
}

/** `app:endpoint` → [app, endpoint] (endpoint "" when bare). */
export function splitEndpoint(endpoint: string): [string, string] {
  const i = endpoint.indexOf(":");
  return i === -1 ? [endpoint, ""] : [endpoint.slice(0, i), endpoint.slice(i + 1)];
}

/** A relation's order-free key, e.g. `prowlarr:media-indexer radarr:media-indexer`. */
export function relationKey(a: string, b: string): string {
  return [a, b].sort().join(" ");
}
