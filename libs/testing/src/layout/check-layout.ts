import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

// The repository's layout rules (docs/testing.md, "Where test code lives"):
//  1. production code (a non-test file under libs/*/src or charms/*/src) never imports the test
//     packages (@charmarr/testing, @charmarr/stand-ins), a `/testing` entry or a package's testing/
//     folder, or the engine (only libs/engine, libs/testing and libs/stand-ins use @charmarr/engine;
//     libs/controller, the embedded controller, runs the engine and its stand-ins as a product);
//  2. no relative import leaves its own package: other packages are imported by name;
//  3. every file under libs/*/src is reached from a production entry point (the packages' exports
//     other than `./testing`, their `bin`, the charms' src/): test-only code lives in the package's
//     `testing/` folder, exported as `@charmarr/<pkg>/testing`.

/** Test-support packages: rules 1 and 3 do not apply inside them. */
const TEST_SUPPORT = new Set(["libs/testing", "libs/stand-ins"]);
/** Packages whose production code may import @charmarr/engine. */
const ENGINE_USERS = new Set(["libs/engine", "libs/testing", "libs/stand-ins", "libs/controller"]);
/** Packages whose production code may import @charmarr/stand-ins: the embedded model serves them. */
const STAND_IN_USERS = new Set(["libs/controller"]);
const FORBIDDEN_PACKAGES = ["@charmarr/testing", "@charmarr/stand-ins", "@charmarr/engine"];

const SOURCE = /\.(ts|mts|cts|tsx|js|mjs|cjs)$/;
const SKIP_DIRS = new Set(["node_modules", "dist", "runtime", ".git", ".bench"]);
const RESOLVE_SUFFIXES = ["", ".ts", ".tsx", ".mts", ".d.mts", ".js", ".mjs", "/index.ts", "/index.mjs"];

export interface Violation {
  rule: "test-import-in-production" | "cross-package-relative-import" | "test-only-file-in-src";
  file: string;
  detail: string;
}

interface Pkg {
  dir: string; // relative to root, "" for the root package
  name: string;
  exports: Record<string, string>;
  bin: string[];
}

export const isTestFile = (file: string): boolean => /\.test\.(ts|mts|tsx|js|mjs)$/.test(file);

/** The import specifiers of a source text: static and dynamic imports, re-exports, require. */
export function importSpecifiers(text: string): string[] {
  const found: string[] = [];
  const patterns = [
    /(?:^|[\s;}])(?:import|export)\s[^'"`;]*?\sfrom\s*["']([^"']+)["']/g,
    /(?:^|[\s;}])import\s*["']([^"']+)["']/g,
    /(?:^|[^\w.])import\(\s*["']([^"']+)["']\s*\)/g,
    /(?:^|[^\w.])require\(\s*["']([^"']+)["']\s*\)/g,
  ];
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");
  for (const pattern of patterns) for (const match of code.matchAll(pattern)) found.push(match[1]!);
  return found;
}

function walk(root: string, dir = ""): string[] {
  const out: string[] = [];
  const entries = readdirSync(join(root, dir), { withFileTypes: true });
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith(".") || SKIP_DIRS.has(entry.name)) continue;
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...walk(root, rel));
    else if (entry.isFile()) out.push(rel);
  }
  return out;
}

function readPackages(root: string, files: string[]): Map<string, Pkg> {
  const pkgs = new Map<string, Pkg>();
  for (const file of files) {
    if (!file.endsWith("package.json") || (file !== "package.json" && !file.endsWith("/package.json")))
      continue;
    const dir = file === "package.json" ? "" : file.slice(0, -"/package.json".length);
    const json = JSON.parse(readFileSync(join(root, file), "utf8")) as {
      name?: string;
      exports?: string | Record<string, string>;
      bin?: string | Record<string, string>;
    };
    const exports = typeof json.exports === "string" ? { ".": json.exports } : (json.exports ?? {});
    const bin = typeof json.bin === "string" ? [json.bin] : Object.values(json.bin ?? {});
    pkgs.set(dir, { dir, name: json.name ?? dir, exports, bin });
  }
  return pkgs;
}

/** The package (its dir relative to root) that owns a path relative to root. */
function ownerOf(pkgs: Map<string, Pkg>, path: string): string {
  let dir = dirname(path);
  for (;;) {
    if (dir === "." || dir === "") return "";
    if (pkgs.has(dir)) return dir;
    dir = dirname(dir);
  }
}

function resolveFile(root: string, path: string): string | undefined {
  const candidates = RESOLVE_SUFFIXES.map((s) => path + s);
  if (/\.m?js$/.test(path)) candidates.push(path.replace(/\.(m?)js$/, ".$1ts"));
  for (const candidate of candidates) {
    const abs = join(root, candidate);
    if (existsSync(abs) && statSync(abs).isFile()) return candidate;
  }
  return undefined;
}

const toPosix = (p: string) => p.split(sep).join("/");

/** Checks the repository (or a fixture tree) at `root`; returns what breaks the rules. */
export function checkLayout(root: string): Violation[] {
  root = resolve(root);
  const files = walk(root);
  const pkgs = readPackages(root, files);
  const byName = new Map([...pkgs.values()].map((p) => [p.name, p]));
  const violations: Violation[] = [];
  const sources = files.filter((f) => SOURCE.test(f) && !f.endsWith(".d.ts") && !f.endsWith(".d.mts"));

  const inSrc = (file: string) => /^(libs|charms)\/[^/]+\/src\//.test(file);
  const pkgOf = (file: string) => ownerOf(pkgs, file);
  /** Whether a path is in some package's testing/ folder. */
  const isInTesting = (path: string) => /^(libs|charms)\/[^/]+\/testing(\/|$)/.test(path);

  /** Resolves an import of `file` to a file relative to root (undefined: outside the repo's code). */
  const resolveImport = (file: string, spec: string): string | undefined => {
    if (spec.startsWith(".")) {
      return resolveFile(root, toPosix(relative(root, resolve(root, dirname(file), spec))));
    }
    const m = /^(@[^/]+\/[^/]+|[^@/][^/]*)(\/.*)?$/.exec(spec);
    const pkg = m && byName.get(m[1]!);
    if (!pkg) return undefined;
    const target = pkg.exports[`.${m[2] ?? ""}`];
    return target ? resolveFile(root, toPosix(join(pkg.dir, target))) : undefined;
  };

  const edges = new Map<string, string[]>();
  for (const file of sources) {
    const owner = pkgOf(file);
    const targets: string[] = [];
    for (const spec of importSpecifiers(readFileSync(join(root, file), "utf8"))) {
      // Rule 1.
      if (inSrc(file) && !isTestFile(file) && !TEST_SUPPORT.has(owner)) {
        const forbidden =
          /^@charmarr\/[^/]+\/testing(\/|$)/.test(spec) ||
          (spec.startsWith(".") &&
            isInTesting(toPosix(relative(root, resolve(root, dirname(file), spec))))) ||
          FORBIDDEN_PACKAGES.some(
            (p) =>
              (spec === p || spec.startsWith(`${p}/`)) &&
              !(p === "@charmarr/engine" && ENGINE_USERS.has(owner)) &&
              !(p === "@charmarr/stand-ins" && STAND_IN_USERS.has(owner)),
          );
        if (forbidden) violations.push({ rule: "test-import-in-production", file, detail: spec });
      }
      // Rule 2.
      if (spec.startsWith(".")) {
        const target = toPosix(relative(root, resolve(root, dirname(file), spec)));
        const targetPkg = target.startsWith("..")
          ? undefined
          : pkgOf(resolveFile(root, target) ?? `${target}/index`);
        if (targetPkg === undefined || targetPkg !== owner) {
          violations.push({ rule: "cross-package-relative-import", file, detail: `${spec} → ${target}` });
        }
      }
      const resolved = resolveImport(file, spec);
      if (resolved) targets.push(resolved);
    }
    edges.set(file, targets);
  }

  // Rule 3: reachability from the production entry points.
  const roots: string[] = [];
  for (const pkg of pkgs.values()) {
    if (TEST_SUPPORT.has(pkg.dir)) continue;
    for (const [key, target] of Object.entries(pkg.exports)) {
      if (key === "./testing" || key.startsWith("./testing/")) continue;
      const file = resolveFile(root, toPosix(join(pkg.dir, target)));
      if (file) roots.push(file);
    }
    for (const bin of pkg.bin) roots.push(toPosix(join(pkg.dir, bin)));
  }
  roots.push(...sources.filter((f) => /^charms\/[^/]+\/src\//.test(f) && !isTestFile(f)));
  const reached = new Set<string>();
  const queue = [...roots];
  while (queue.length) {
    const file = queue.pop()!;
    if (reached.has(file)) continue;
    reached.add(file);
    queue.push(...(edges.get(file) ?? []));
  }
  for (const file of files) {
    if (!/^libs\/[^/]+\/src\//.test(file) || TEST_SUPPORT.has(pkgOf(file))) continue;
    if (isTestFile(file) || file.endsWith(".d.ts") || file.endsWith(".d.mts") || file.endsWith(".md"))
      continue;
    if (!reached.has(file)) {
      violations.push({
        rule: "test-only-file-in-src",
        file,
        detail: "not reached from any production entry point; move it to the package's testing/",
      });
    }
  }
  return violations;
}
