import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { parseBundle, readBundle, relationKey, splitEndpoint } from "./bundle";
import { formatError } from "./errors";

const ROOT = join(import.meta.dirname, "../../..");
const bundle = readBundle(join(ROOT, "bundle.yaml"));
const charmNames = readdirSync(join(ROOT, "charms"), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

interface Charmcraft {
  name: string;
  resources?: Record<string, { type: string; "upstream-source"?: string }>;
  requires?: Record<string, { interface: string }>;
  provides?: Record<string, { interface: string }>;
}
const charmcraft = new Map<string, Charmcraft>(
  charmNames.map((name) => [
    name,
    parseYaml(readFileSync(join(ROOT, "charms", name, "charmcraft.yaml"), "utf8")) as Charmcraft,
  ]),
);
function charmOf(app: string): Charmcraft {
  const entry = bundle.apps.find((a) => a.name === app);
  if (!entry) throw new Error(`no app ${app}`);
  const name = /charms\/([^/]+)\//.exec(entry.charm)![1]!;
  return charmcraft.get(name)!;
}

describe("bundle.yaml", () => {
  it("deploys every charm of charms/* from its packed archive", () => {
    expect(bundle.apps.map((a) => a.charm).sort()).toEqual(
      charmNames.map((n) => `./charms/${n}/${n}_amd64.charm`).sort(),
    );
    expect(bundle.apps.find((a) => a.charm.includes("media-storage"))?.name).toBe("storage");
  });

  it("pins every oci-image resource to the charm's upstream-source", () => {
    for (const app of bundle.apps) {
      const charm = charmOf(app.name);
      const images = Object.fromEntries(
        Object.entries(charm.resources ?? {})
          .filter(([, r]) => r.type === "oci-image")
          .map(([name, r]) => [name, r["upstream-source"]]),
      );
      expect(app.resources, app.name).toEqual(images);
    }
  });

  it("trusts exactly the charms that need cluster access", () => {
    expect(
      bundle.apps
        .filter((a) => a.trust)
        .map((a) => a.name)
        .sort(),
    ).toEqual(["gluetun", "plex", "qbittorrent", "radarr", "sabnzbd", "sonarr", "storage"]);
    expect(bundle.apps.find((a) => a.name === "storage")?.options.backend).toBe("storage-class");
  });

  it("relates endpoints the charms declare, a provider to a requirer of one interface", () => {
    for (const [a, b] of bundle.relations) {
      const ends = [a, b].map((e) => {
        const [app, endpoint] = splitEndpoint(e);
        const charm = charmOf(app);
        const provides = charm.provides?.[endpoint];
        const requires = charm.requires?.[endpoint];
        expect(provides ?? requires, e).toBeDefined();
        return { role: provides ? "provider" : "requirer", iface: (provides ?? requires)!.interface };
      });
      expect(ends.map((e) => e.role).sort(), `${a} ${b}`).toEqual(["provider", "requirer"]);
      expect(ends[0]!.iface, `${a} ${b}`).toBe(ends[1]!.iface);
    }
  });

  it("has the relations of docs/deploy-the-stack.md, no more", () => {
    const doc = readFileSync(join(ROOT, "docs/deploy-the-stack.md"), "utf8");
    const documented = [...doc.matchAll(/^juju integrate (\S+) (\S+)$/gm)].map((m) =>
      relationKey(m[1]!, m[2]!),
    );
    expect(documented.length).toBeGreaterThan(10);
    expect(bundle.relations.map(([a, b]) => relationKey(a, b)).sort()).toEqual(documented.sort());
  });

  it("holds no user secret: no secret-typed option is set", () => {
    for (const app of bundle.apps) {
      const options = (
        parseYaml(readFileSync(join(ROOT, "charms", charmOf(app.name).name, "charmcraft.yaml"), "utf8")) as {
          config?: { options?: Record<string, { type: string }> };
        }
      ).config?.options;
      for (const key of Object.keys(app.options)) {
        expect(options?.[key], `${app.name}.${key}`).toBeDefined();
        expect(options?.[key]?.type, `${app.name}.${key}`).not.toBe("secret");
      }
    }
  });
});

describe("parseBundle", () => {
  it("refuses a relation naming an app the bundle lacks, in one line", () => {
    const err = (() => {
      try {
        parseBundle(
          "applications:\n  a:\n    charm: ./a.charm\nrelations:\n  - [a:x, b:y]\n",
          "/x/bundle.yaml",
        );
      } catch (e) {
        return e;
      }
    })();
    expect(formatError(err)).toBe(
      "ERROR /x/bundle.yaml: relations[0] names b, which is not an application of the bundle",
    );
  });

  it("refuses a store charm and reads scale, trust and options as strings", () => {
    expect(() => parseBundle("applications:\n  a:\n    charm: radarr\n", "b.yaml")).toThrow(/local \.charm/);
    const b = parseBundle(
      "applications:\n  a:\n    charm: ./a.charm\n    scale: 2\n    trust: true\n    options: {n: 3, f: false}\n",
      "/r/b.yaml",
    );
    expect(b.apps[0]).toMatchObject({
      name: "a",
      charmPath: "/r/a.charm",
      scale: 2,
      trust: true,
      options: { n: "3", f: "false" },
    });
  });
});
