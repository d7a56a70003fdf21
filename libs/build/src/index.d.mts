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
