export { BUNDLE_BUDGET_BYTES, BundleBudgetError, bundleCharm, DIST_PACKAGE_JSON } from "./bundle-charm.mjs";
export { charmDirs, charmName, ROOT, selectCharmDirs, UnknownCharmError } from "./charm-dirs.mjs";
export {
  charmYamlFiles,
  DISPATCH_SCRIPT,
  HOOK_NAMES,
  manifestBases,
  NODE_RUNTIME,
  packCharm,
  unwrapDescription,
} from "./pack-charm.mjs";
export { yamlEsbuildPlugin, yamlToModule, yamlVitePlugin } from "./yaml-module.mjs";
export function charmTypes(yamlText: string): string;
export function typedCharmDirs(root?: string): string[];
export function syncCharmTypes(options?: { root?: string; check?: boolean }): string[];
export class CharmDefinitionError extends Error {
  constructor(charm: string, problems: string[]);
  problems: string[];
}
export function checkCharmDefinition(dir: string): Promise<string[]>;
export const CHARM_NAME: RegExp;
export function charmFiles(
  name: string,
  versions: { workspace: string; zod: string },
): Record<string, string>;
export class ScaffoldError extends Error {}
export function scaffoldCharm(
  name: string | undefined,
  options?: { root?: string; versions?: { workspace: string; zod: string } },
): string;
export function commandCharmDirs(command: string, names: readonly string[]): string[];
export function isCharmProblem(err: unknown): boolean;
