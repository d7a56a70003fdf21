import { yamlVitePlugin } from "@charmarr/build/yaml-module";
import { defineConfig } from "vitest/config";

// Two projects: `unit` runs in-process and fast; `integration` spawns real processes
// (packed charms, fake hook tools, Pebble servers, real workloads) and is slower.
export default defineConfig({
  plugins: [yamlVitePlugin],
  test: {
    projects: [
      {
        plugins: [yamlVitePlugin],
        test: {
          name: "unit",
          include: [
            "libs/*/src/**/*.test.ts",
            "libs/charm/example/tests/**/*.test.ts",
            "charms/*/src/**/*.test.ts",
            "charms/*/tests/**/*.test.ts",
            "scripts/**/*.test.ts",
          ],
          exclude: ["**/*.integration.test.ts", "**/node_modules/**"],
        },
      },
      {
        plugins: [yamlVitePlugin],
        test: {
          name: "integration",
          include: [
            "libs/*/src/**/*.integration.test.ts",
            "libs/charm/example/tests/**/*.integration.test.ts",
            "charms/*/tests/**/*.integration.test.ts",
            "scripts/**/*.integration.test.ts",
          ],
          exclude: ["**/node_modules/**"],
          testTimeout: 180_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
