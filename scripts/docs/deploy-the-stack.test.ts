import { readFileSync } from "node:fs";
import { join } from "node:path";
import { charmDirs, ROOT } from "@charmarr/build";
import { Model } from "@charmarr/engine";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

// docs/deploy-the-stack.md is an operator's whole path from an empty model to a working stack.
// Every `juju` command in its sh blocks is replayed here on the engine's model, with the charms'
// own charmcraft.yaml: a command the page gets wrong (a charm, resource, image pin, option,
// endpoint or a relation Juju would refuse) fails, and so does a stack the page leaves short of
// a charm, a trust or a required relation.

const PAGE = join(ROOT, "docs", "deploy-the-stack.md");

interface Charm {
  dir: string;
  meta: Record<string, unknown> & { name: string };
}

const charms: Charm[] = charmDirs()
  .filter((dir) => dir.includes(`${join(ROOT, "charms")}/`))
  .map((dir) => ({
    dir,
    meta: parse(readFileSync(join(dir, "charmcraft.yaml"), "utf8")) as Charm["meta"],
  }));

/**
 * The page's shell commands: sh blocks, `\` continuations joined, comments dropped. A command
 * whose output the page keeps (`vpn=$(juju add-secret ...)`) comes with that variable's name.
 */
function commands(markdown: string): { words: string[]; into?: string }[] {
  const blocks = [...markdown.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? "");
  return blocks
    .flatMap((block) => block.replace(/\\\n\s*/g, " ").split("\n"))
    .map((line) => line.replace(/#.*$/, "").trim())
    .flatMap((line) => {
      const kept = /^([a-z_]+)=\$\((juju .*)\)$/.exec(line);
      if (kept) return [{ words: (kept[2] ?? "").split(/\s+/), into: kept[1] }];
      if (line.startsWith("juju ")) return [{ words: line.split(/\s+/) }];
      if (line !== "")
        throw new Error(`the page runs ${JSON.stringify(line)}, which this replay does not know`);
      return [];
    });
}

/** `--flag value` pairs and positional arguments of one command. */
function args(words: string[]): { positional: string[]; flags: [string, string][]; switches: Set<string> } {
  const positional: string[] = [];
  const flags: [string, string][] = [];
  const switches = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? "";
    if (word === "--trust") switches.add(word);
    else if (word.startsWith("--")) flags.push([word, words[++i] ?? ""]);
    else positional.push(word);
  }
  return { positional, flags, switches };
}

const pair = (value: string): [string, string] => {
  const at = value.indexOf("=");
  return [value.slice(0, at), value.slice(at + 1)];
};

interface Replay {
  model: Model;
  deployed: Map<string, Charm>;
}

function replay(page: string): Replay {
  const model = new Model({ name: "media" });
  const deployed = new Map<string, Charm>();
  const variables = new Map<string, string>();
  const secrets = new Map<string, string>(); // user secret name → URI
  for (const command of commands(page)) {
    // `$name` is what the shell would put there: a variable the page set before, or an error.
    const words = command.words.map((word) =>
      word.replace(/\$([a-z_]+)/g, (_, name: string) => {
        const value = variables.get(name);
        if (value === undefined) throw new Error(`the page uses $${name} before setting it`);
        return value;
      }),
    );
    const [, verb, ...rest] = words;
    const { positional, flags, switches } = args(rest);
    if (command.into && verb !== "add-secret") throw new Error(`the page keeps the output of juju ${verb}`);
    switch (verb) {
      case "add-model":
      case "status":
        break;
      case "deploy": {
        const [path = "", name] = positional;
        const charm = charms.find((c) => join(ROOT, path) === join(c.dir, `${c.meta.name}_amd64.charm`));
        if (!charm) throw new Error(`juju deploy ${path}: no charm packs to that file`);
        const resources: Record<string, string> = {};
        const config: Record<string, unknown> = {};
        for (const [flag, value] of flags) {
          const [key, v] = pair(value);
          if (flag === "--resource") resources[key] = v;
          else if (flag === "--config") config[key] = v;
          else throw new Error(`juju deploy: unexpected ${flag}`);
        }
        const declared = (charm.meta.resources ?? {}) as Record<string, { "upstream-source"?: string }>;
        for (const [resource, image] of Object.entries(resources)) {
          expect(declared[resource], `${charm.meta.name} has no resource ${resource}`).toBeDefined();
          expect(image, `${resource} is pinned in charmcraft.yaml`).toBe(
            declared[resource]?.["upstream-source"],
          );
        }
        expect(Object.keys(resources).sort(), `${charm.meta.name}: every image resource given`).toEqual(
          Object.keys(declared).sort(),
        );
        const app = name ?? charm.meta.name;
        model.deploy(app, charm.meta, {
          trust: switches.has("--trust"),
          resources,
          config: coerce(charm, config),
        });
        deployed.set(app, charm);
        break;
      }
      case "trust":
        model.setTrust(positional[0] ?? "", true);
        break;
      case "add-secret": {
        // juju add-secret <name> key=value...: prints the new secret's URI.
        const [name = "", ...pairs] = positional;
        const uri = model.addUserSecret(name, Object.fromEntries(pairs.map(pair)));
        secrets.set(name, uri);
        if (command.into) variables.set(command.into, uri);
        break;
      }
      case "grant-secret": {
        const [name = "", app = ""] = positional;
        const uri = secrets.get(name);
        if (!uri) throw new Error(`juju grant-secret ${name}: the page added no such secret`);
        expect(deployed.has(app), `juju grant-secret ${name} ${app}: not deployed`).toBe(true);
        model.grantSecret(uri, app);
        break;
      }
      case "integrate":
        model.integrate(positional[0] ?? "", positional[1] ?? "");
        break;
      case "config": {
        const [app = "", ...values] = positional;
        const charm = deployed.get(app);
        if (!charm) throw new Error(`juju config ${app}: not deployed`);
        model.setConfig(app, coerce(charm, Object.fromEntries(values.map(pair))));
        break;
      }
      default:
        throw new Error(`the page runs juju ${verb}, which this replay does not know`);
    }
  }
  return { model, deployed };
}

/** Option values as the CLI types them (`juju config` parses ints and booleans by the option's type). */
function coerce(charm: Charm, values: Record<string, unknown>): Record<string, unknown> {
  const options = ((charm.meta.config as { options?: Record<string, { type: string }> })?.options ??
    {}) as Record<string, { type: string }>;
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => {
      const type = options[key]?.type;
      if (type === "int") return [key, Number(value)];
      if (type === "boolean") return [key, value === "true"];
      return [key, value];
    }),
  );
}

describe("docs/deploy-the-stack.md", () => {
  const { model, deployed } = replay(readFileSync(PAGE, "utf8"));

  it("deploys every charm of the stack", () => {
    expect([...deployed.values()].map((c) => c.meta.name).sort()).toEqual(
      charms.map((c) => c.meta.name).sort(),
    );
  });

  it("trusts every app that calls the Kubernetes API beyond reading its namespace", () => {
    for (const [app, charm] of deployed) {
      const requires = (charm.meta.requires ?? {}) as Record<string, { interface: string }>;
      const provides = (charm.meta.provides ?? {}) as Record<string, { interface: string }>;
      const usesStorage = [...Object.values(requires), ...Object.values(provides)].some(
        (ep) => ep.interface === "media-storage",
      );
      // Gluetun patches its own StatefulSet (NET_ADMIN, /dev/net/tun) without any storage.
      const patchesItsPod = usesStorage || charm.meta.name === "gluetun";
      expect(model.app(app).trusted, `${app} needs juju trust`).toBe(patchesItsPod);
    }
  });

  it("gives each user secret to the app whose option names it", () => {
    for (const [app, option] of [
      ["gluetun", "vpn-credentials"],
      ["plex", "claim-token"],
    ] as const) {
      const uri = model.config(app)[option];
      expect(typeof uri === "string" && uri.startsWith("secret:"), `${app} ${option}`).toBe(true);
      expect(model.secretContent(uri as string), `${app} can read ${option}`).not.toEqual({});
      const grantees = model.secret(uri as string)?.grants.map((g) => g.target.name);
      expect(grantees, `${option} granted to ${app}`).toEqual([app]);
    }
  });

  it("relates every required endpoint and every pair of apps that can work together", () => {
    for (const [app, charm] of deployed) {
      const requires = (charm.meta.requires ?? {}) as Record<
        string,
        { interface: string; optional?: boolean }
      >;
      for (const [endpoint, spec] of Object.entries(requires)) {
        const providers = [...deployed].filter(([, other]) =>
          Object.values((other.meta.provides ?? {}) as Record<string, { interface: string }>).some(
            (ep) => ep.interface === spec.interface,
          ),
        );
        // Interfaces whose provider is not in the stack yet (vpn-gateway) have nothing to relate to.
        if (providers.length === 0) continue;
        const related = model.relations(app, endpoint).length;
        expect(related, `${app}:${endpoint} (${spec.interface})`).toBeGreaterThan(0);
      }
    }
    // Each downloader serves each manager; each manager registers in Prowlarr.
    for (const manager of ["radarr", "sonarr"]) {
      const remotes = model
        .relations(manager, "download-client")
        .map((r) => r.endpoints.find((e) => e.app !== manager)?.app)
        .sort();
      expect(remotes).toEqual(["qbittorrent", "sabnzbd"]);
    }
  });

  it("sets only options the charms have, with values they take", () => {
    for (const app of deployed.keys()) expect(() => model.config(app)).not.toThrow();
    expect(model.config("radarr")["rotation-interval"]).toBe("weekly");
    expect(model.config("storage").backend).toBe("hostpath");
  });
});
