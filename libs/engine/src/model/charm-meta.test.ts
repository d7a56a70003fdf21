import { describe, expect, it } from "vitest";
import { INDEXER_CHARM } from "../../testing/hook-context/test-fixtures";
import { parseCharmMeta } from "./charm-meta";

describe("parseCharmMeta", () => {
  it("reads config, actions, endpoints, storage, resources and containers from a unified charmcraft.yaml", () => {
    const meta = parseCharmMeta(INDEXER_CHARM);
    expect(meta.name).toBe("indexer");
    expect(meta.config.port).toEqual({ type: "int", default: 9696 });
    expect(meta.config["api-url"]).toEqual({ type: "string" });
    expect(meta.config["vpn-credentials"]?.type).toBe("secret");
    expect(meta.actions["rotate-credentials"]?.params.force).toEqual({ type: "boolean", default: false });
    expect(meta.endpoints["media-indexer"]).toEqual({
      name: "media-indexer",
      role: "provider",
      interface: "media-indexer",
      optional: false,
    });
    expect(meta.endpoints["indexer-peers"]?.role).toBe("peer");
    expect(meta.extraBindings).toEqual(["metrics"]);
    expect(meta.storage.config).toEqual({ type: "filesystem", location: "/config" });
    expect(meta.resources["indexer-image"]).toMatchObject({
      type: "oci-image",
      upstreamSource: "ghcr.io/example/indexer:1",
    });
    expect(meta.containers.indexer).toEqual({
      resource: "indexer-image",
      mounts: [{ storage: "config", location: "/config" }],
    });
  });

  it("reads limits, optional flags and metadata.yaml's short endpoint form", () => {
    const meta = parseCharmMeta({
      name: "x",
      requires: { vpn: { interface: "vpn-gateway", limit: 1, optional: true }, db: "postgresql" },
    });
    expect(meta.endpoints.vpn).toMatchObject({ role: "requirer", limit: 1, optional: true });
    expect(meta.endpoints.db).toMatchObject({ interface: "postgresql" });
  });

  it("rejects what Juju would not deploy", () => {
    expect(() => parseCharmMeta("[]")).toThrow("must be a mapping");
    expect(() => parseCharmMeta("summary: x")).toThrow("needs a name");
    expect(() => parseCharmMeta("name: x\nconfig: {options: {a: {type: list}}}")).toThrow(
      'unknown type "list"',
    );
    expect(() =>
      parseCharmMeta("name: x\nprovides: {a: {interface: i}}\nrequires: {a: {interface: i}}"),
    ).toThrow("declared twice");
    expect(() => parseCharmMeta("name: x\nrequires: {a: {}}")).toThrow("needs an interface");
  });
});
