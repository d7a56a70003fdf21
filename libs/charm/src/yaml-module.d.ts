// charmcraft.yaml and other YAML files are imported as plain objects (scripts/yaml-module.mjs).
declare module "*.yaml" {
  import type { CharmMetadata } from "./model/charm-metadata";
  const value: CharmMetadata;
  export default value;
}
