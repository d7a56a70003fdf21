// Types from charmcraft.yaml: for each charm, `charmcraft.d.yaml.ts` beside its
// charmcraft.yaml declares the options (as `config-get` gives them) and each action's params,
// and types `import metadata from "../charmcraft.yaml"` with them (TypeScript's
// allowArbitraryExtensions). `defineCharm` takes the types from there, so a refinement of an
// option the YAML lacks, an action it does not declare, or params of the wrong shape are
// compile errors; the YAML stays the one source of truth.
//
//   npm run charm-types                    write every charm's declaration
//   npm run charm-types -- --check         fail if one is missing or stale (npm run lint)
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parse } from "yaml";
import { ROOT } from "./charm-dirs.mjs";
export const DECLARATION = "charmcraft.d.yaml.ts";

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const key = (name) => (IDENTIFIER.test(name) ? name : JSON.stringify(name));

const OPTION_TYPES = {
  string: "string",
  secret: "string",
  int: "number",
  float: "number",
  boolean: "boolean",
};

/** The first sentence of a description, on one line, safe inside a JSDoc comment. */
function summary(text) {
  if (typeof text !== "string") return undefined;
  const flat = text.replace(/\s+/g, " ").trim().replaceAll("*/", "*\\/");
  if (!flat) return undefined;
  const end = flat.search(/\.(\s|$)/);
  return end === -1 ? flat : flat.slice(0, end + 1);
}

function doc(lines, indent, text) {
  const said = summary(text);
  if (said) lines.push(`${indent}/** ${said} */`);
}

function optionType(name, option) {
  const type = OPTION_TYPES[option?.type];
  if (!type) throw new Error(`config option ${name}: unknown type ${JSON.stringify(option?.type)}`);
  return type;
}

/** A JSON-schema param of actions.yaml as a TypeScript type. */
function paramType(schema) {
  if (Array.isArray(schema?.enum) && schema.enum.length > 0) {
    return schema.enum.map((value) => JSON.stringify(value)).join(" | ");
  }
  switch (schema?.type) {
    case "string":
      return "string";
    case "integer":
    case "number":
      return "number";
    case "boolean":
      return "boolean";
    case "array":
      return schema.items ? `${wrap(paramType(schema.items))}[]` : "unknown[]";
    case "object":
      return "Record<string, unknown>";
    default:
      return "unknown";
  }
}

const wrap = (type) => (type.includes(" | ") ? `(${type})` : type);

/** The declaration for one charmcraft.yaml's text. */
export function charmTypes(yamlText) {
  const meta = parse(yamlText) ?? {};
  const options = meta.config?.options ?? {};
  const actions = meta.actions ?? {};
  const lines = [
    "// Generated from charmcraft.yaml by `npm run charm-types`: do not edit.",
    'import type { TypedCharmMetadata } from "@charmarr/charm";',
    "",
    "/** The options in charmcraft.yaml as `config-get` gives them; one without a default may be absent. */",
  ];
  const optionNames = Object.keys(options);
  if (optionNames.length === 0) lines.push("export type Config = Record<never, never>;");
  else {
    lines.push("export interface Config {");
    for (const name of optionNames) {
      const option = options[name];
      doc(lines, "  ", option?.description);
      const optional = option?.default === undefined || option?.default === null ? "?" : "";
      lines.push(`  ${key(name)}${optional}: ${optionType(name, option)};`);
    }
    lines.push("}");
  }
  lines.push("", "/** Each action's params as charmcraft.yaml declares them. */");
  const actionNames = Object.keys(actions);
  if (actionNames.length === 0) lines.push("export type ActionParams = Record<never, never>;");
  else {
    lines.push("export interface ActionParams {");
    for (const name of actionNames) {
      const action = actions[name] ?? {};
      doc(lines, "  ", action.description);
      const params = Object.entries(action.params ?? {});
      if (params.length === 0) {
        lines.push(`  ${key(name)}: Record<never, never>;`);
        continue;
      }
      const required = new Set(action.required ?? []);
      lines.push(`  ${key(name)}: {`);
      for (const [param, schema] of params) {
        doc(lines, "    ", schema?.description);
        lines.push(`    ${key(param)}${required.has(param) ? "" : "?"}: ${paramType(schema)};`);
      }
      lines.push("  };");
    }
    lines.push("}");
  }
  lines.push(
    "",
    "declare const metadata: TypedCharmMetadata<Config, ActionParams>;",
    "export default metadata;",
    "",
  );
  return lines.join("\n");
}

/** Every charmcraft.yaml of a charm with code (src/charm.ts beside it), outside node_modules. */
export function typedCharmDirs(root = ROOT) {
  const found = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      if (["node_modules", "dist", "fixtures"].includes(name) || name.startsWith(".")) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name === "charmcraft.yaml" && existsSync(join(dir, "src/charm.ts"))) found.push(dir);
    }
  };
  for (const top of ["charms", "libs"]) if (existsSync(join(root, top))) walk(join(root, top));
  return found.sort();
}

/** Write (or, with `check`, compare) every charm's declaration; returns the stale ones. */
export function syncCharmTypes({ root = ROOT, check = false } = {}) {
  const stale = [];
  for (const dir of typedCharmDirs(root)) {
    const wanted = charmTypes(readFileSync(join(dir, "charmcraft.yaml"), "utf8"));
    const path = join(dir, DECLARATION);
    const current = existsSync(path) ? readFileSync(path, "utf8") : undefined;
    if (current === wanted) continue;
    stale.push(relative(root, path));
    if (!check) writeFileSync(path, wanted);
  }
  return stale;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const check = process.argv.includes("--check");
  const stale = syncCharmTypes({ check });
  if (check && stale.length > 0) {
    console.error(`stale charm types (run \`npm run charm-types\`): ${stale.join(", ")}`);
    process.exit(1);
  }
  for (const path of stale) console.log(`wrote ${path}`);
}
