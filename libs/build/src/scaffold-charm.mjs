// npm run new-charm <name>: a new charm in charms/<name> that builds, packs and passes its own
// test as written: charmcraft.yaml (one option, one action, one relation), src/charm.ts,
// tests/charm.test.ts (state in, event, state out on the embedded engine), package.json and
// tsconfig.json, and its generated charmcraft.d.yaml.ts. See docs/framework.md.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./charm-dirs.mjs";
import { charmTypes } from "./charm-types.mjs";

/** Juju's application-name rule, which a charm's name must also follow. */
export const CHARM_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]*[a-z][a-z0-9]*)*$/;

export class ScaffoldError extends Error {
  constructor(message) {
    super(message);
    this.name = "ScaffoldError";
  }
}

// The skeleton's test imports the harness; spelled apart so the layout guard, which reads import
// lines as text, does not take it for an import of this file.
const HARNESS = ["@charmarr", "testing"].join("/");

const title = (name) =>
  name
    .split("-")
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(" ");

/** Every file of a new charm, by path relative to its directory. */
export function charmFiles(name, versions) {
  const charmcraft = `# ${title(name)}: a Juju charm on the Charmarr TypeScript framework (docs/framework.md).
name: ${name}
type: charm
title: ${title(name)}
summary: ${title(name)}, written with @charmarr/charm.
description: |
  Describe what the application does and what the charm manages for the operator.
base: ubuntu@24.04
platforms:
  amd64:
assumes:
  - juju >= 3.6
config:
  options:
    greeting:
      type: string
      default: hello
      description: The word the charm publishes to related applications.
    log-level:
      type: string
      default: info
      description: How much the application logs; one of debug, info, warning, error.
actions:
  say:
    description: Say the greeting to someone.
    params:
      name:
        type: string
        description: Who to greet.
    required: [name]
provides:
  greetings:
    interface: greeting
`;
  const charm = `import { defineCharm } from "@charmarr/charm";
import * as z from "zod";
import metadata from "../charmcraft.yaml";

/**
 * ${title(name)}: say here what the application is and what the charm does for it. The options,
 * actions and relations are declared in charmcraft.yaml; their types come from there.
 */
export default defineCharm({
  metadata,
  // What charmcraft.yaml's types cannot say; a bad value is Blocked, naming the option.
  config: {
    "log-level": z.enum(["debug", "info", "warning", "error"]),
  },

  // Runs on every hook: drive the world to what the config and relations say.
  async reconcile(ctx) {
    const [leader, relations] = await Promise.all([ctx.isLeader(), ctx.relations("greetings")]);
    if (leader) {
      const greeting = ctx.config.greeting;
      await Promise.all(relations.map((relation) => relation.setAppData({ greeting })));
    }
    ctx.status.active(relations.length ? \`greeting \${relations.length} application(s)\` : "");
  },

  actions: {
    say: {
      params: z.object({ name: z.string().min(1) }),
      async run(ctx, action) {
        action.setResults({ said: \`\${ctx.config.greeting}, \${action.params.name}\` });
      },
    },
  },
});
`;
  const test = `// ${title(name)}'s decisions, in-process on the embedded engine: state in, event, state out.
import { type TestModel, testModel } from "${HARNESS}";
import { afterEach, beforeEach, expect, it } from "vitest";
import charm from "../src/charm";

let m: TestModel;
beforeEach(async () => {
  m = await testModel();
});
afterEach(async () => {
  await m.close();
});

it("goes active and answers its action", async () => {
  m.deploy("${name}", { charm });
  await m.settle();
  expect(m.unitStatus("${name}/0")).toMatchObject({ status: "active" });
  const run = await m.runAction("${name}/0", "say", { name: "Ada" });
  expect(run.results).toMatchObject({ said: "hello, Ada" });
});

it("blocks on a bad log-level, naming the option, the value and what is allowed", async () => {
  m.deploy("${name}", { charm });
  m.config("${name}", { "log-level": "loud" });
  await m.settle();
  expect(m.unitStatus("${name}/0")).toMatchObject({
    status: "blocked",
    message: 'invalid config: log-level="loud" (allowed: one of debug, info, warning, error)',
  });
});
`;
  const pkg = {
    name: `@charmarr/${name}-charm`,
    version: "0.1.0",
    private: true,
    type: "module",
    dependencies: { "@charmarr/charm": versions.workspace, zod: versions.zod },
    devDependencies: { [HARNESS]: versions.workspace },
  };
  return {
    "charmcraft.yaml": charmcraft,
    "charmcraft.d.yaml.ts": charmTypes(charmcraft),
    "src/charm.ts": charm,
    "tests/charm.test.ts": test,
    "package.json": `${JSON.stringify(pkg, null, 2)}\n`,
    "tsconfig.json": '{ "extends": "../../tsconfig.json", "include": ["src", "tests"] }\n',
  };
}

/** Write charms/<name>; refuses a bad name or an existing directory. Returns the directory. */
export function scaffoldCharm(name, { root = ROOT, versions = { workspace: "0.1.0", zod: "4.1.12" } } = {}) {
  if (!CHARM_NAME.test(name ?? "")) {
    throw new ScaffoldError(
      `"${name ?? ""}" is not a charm name: lower-case letters and digits, words joined by single hyphens, starting with a letter (e.g. my-app)`,
    );
  }
  const dir = join(root, "charms", name);
  if (existsSync(dir)) throw new ScaffoldError(`charms/${name} already exists`);
  for (const [path, text] of Object.entries(charmFiles(name, versions))) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}
