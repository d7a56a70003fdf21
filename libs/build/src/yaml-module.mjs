// `import meta from "../charmcraft.yaml"`: YAML becomes a plain JS object at build time, so
// a hook never parses YAML. One transform, used by esbuild (bundles) and Vite (tests).
import { readFile } from "node:fs/promises";
import { parse } from "yaml";

export function yamlToModule(text) {
  return `export default ${JSON.stringify(parse(text))};`;
}

export const yamlEsbuildPlugin = {
  name: "yaml-module",
  setup(build) {
    build.onLoad({ filter: /\.ya?ml$/ }, async (args) => ({
      contents: yamlToModule(await readFile(args.path, "utf8")),
      loader: "js",
    }));
  },
};

export const yamlVitePlugin = {
  name: "yaml-module",
  transform(code, id) {
    if (/\.ya?ml$/.test(id)) return { code: yamlToModule(code), map: null };
    return null;
  },
};
