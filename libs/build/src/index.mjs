// @charmarr/build: everything `npm run build` and `npm run pack` do, as a library, so that
// tests and benchmarks bundle and pack charms exactly as the CLIs in scripts/ do.
export { BUNDLE_BUDGET_BYTES, BundleBudgetError, bundleCharm, DIST_PACKAGE_JSON } from "./bundle-charm.mjs";
export { commandCharmDirs, isCharmProblem } from "./charm-command.mjs";
export { charmDirs, charmName, ROOT, selectCharmDirs, UnknownCharmError } from "./charm-dirs.mjs";
export { charmTypes, syncCharmTypes, typedCharmDirs } from "./charm-types.mjs";
export { CharmDefinitionError, checkCharmDefinition } from "./definition-check.mjs";
export {
  charmYamlFiles,
  DISPATCH_SCRIPT,
  HOOK_NAMES,
  manifestBases,
  NODE_RUNTIME,
  packCharm,
  unwrapDescription,
} from "./pack-charm.mjs";
export { CHARM_NAME, charmFiles, ScaffoldError, scaffoldCharm } from "./scaffold-charm.mjs";
export { yamlEsbuildPlugin, yamlToModule, yamlVitePlugin } from "./yaml-module.mjs";
