import { describe, expect, it } from "vitest";
import { fixture, INDEXER_CHARM } from "../../testing/hook-context/test-fixtures";
import { ManualClock } from "./clock";
import { Model } from "./model";

describe("Model", () => {
  it("deploys units with addresses 127.0.1.N, storage and a leader", () => {
    const { model } = fixture();
    expect(model.units("indexer")).toEqual(["indexer/0", "indexer/1"]);
    expect(model.unit("indexer/0").address).toBe("127.0.1.1");
    expect(model.unit("manager/1").address).toBe("127.0.1.4");
    expect(model.unit("indexer/1").storage).toEqual([
      { id: "config/1", kind: "filesystem", location: "/config" },
    ]);
    expect(model.app("indexer").leader).toBe("indexer/0");
    expect(model.unit("indexer/0").workloadStatus).toMatchObject({
      status: "waiting",
      message: "installing agent",
    });
  });

  it("refuses application names Juju refuses", () => {
    const model = new Model();
    for (const bad of ["keeper-0", "Keeper", "0keeper", "keeper_a", "keeper-", "-keeper", ""]) {
      expect(() => model.deploy(bad, INDEXER_CHARM), bad).toThrow(
        `invalid application name ${JSON.stringify(bad)}`,
      );
    }
    for (const good of ["keeper", "keeper-a", "keeper-a1", "k8s-2b", "radarr4k"]) {
      expect(() => model.deploy(good, INDEXER_CHARM), good).not.toThrow();
    }
  });

  it("hands leadership to the lowest remaining unit when the leader goes", () => {
    const { model } = fixture();
    model.addUnit("indexer");
    model.removeUnit("indexer/0");
    expect(model.app("indexer").leader).toBe("indexer/1");
    expect(() => model.unit("indexer/0")).toThrow('unit "indexer/0" not found');
  });

  it("sets and resets config, rejecting unknown options and bad types", () => {
    const { model } = fixture();
    model.setConfig("indexer", { port: "8080", "rotation-interval": "weekly" });
    expect(model.config("indexer")).toMatchObject({
      port: 8080,
      "rotation-interval": "weekly",
      "api-url": null,
    });
    model.setConfig("indexer", { port: null });
    expect(model.config("indexer").port).toBe(9696);
    expect(() => model.setConfig("indexer", { nope: 1 })).toThrow('unknown option "nope"');
    expect(() => model.setConfig("indexer", { port: "x", debug: true })).toThrow(
      'option "port" expected int, got "x"',
    );
    expect(model.config("indexer").debug).toBe(false);
  });

  it("manages user secrets: add, update (new revision only on change), grant, revoke, remove", () => {
    const { model } = fixture();
    const uri = model.addUserSecret("vpn", { username: "u" }, { description: "vpn login" });
    expect(model.secret("vpn")?.owner.kind).toBe("model");
    expect(() => model.addUserSecret("vpn", { username: "u" })).toThrow("already exists");
    model.updateUserSecret(uri, { username: "u" });
    expect(model.secret(uri)?.latestRevision).toBe(1);
    model.updateUserSecret(uri, { username: "v" });
    expect(model.secretContent("vpn")).toEqual({ username: "v" });
    model.grantSecret("vpn", "indexer");
    model.grantSecret("vpn", "indexer");
    expect(model.secret(uri)?.grants).toEqual([
      { target: { kind: "application", name: "indexer" }, role: "view" },
    ]);
    model.revokeSecret("vpn", "indexer");
    expect(model.secret(uri)?.grants).toEqual([]);
    model.removeUserSecret("vpn", 1);
    expect([...(model.secret(uri)?.revisions.keys() ?? [])]).toEqual([2]);
    model.removeUserSecret("vpn");
    expect(model.secret(uri)).toBeUndefined();
    expect(() => model.addUserSecret("bad", { ab: "x" })).toThrow('key "ab" not valid');
  });

  it("attaches resources by the resource's type", () => {
    const model = new Model({ clock: new ManualClock() });
    model.deploy("indexer", INDEXER_CHARM, { resources: { "indexer-image": "img:1" } });
    expect(model.app("indexer").resources.get("indexer-image")).toEqual({
      kind: "oci-image",
      image: "img:1",
    });
    expect(() => model.attachResource("indexer", "nope", "x")).toThrow('charm has no resource "nope"');
  });

  it("refuses a second application with the same name", () => {
    const { model } = fixture();
    expect(() => model.deploy("indexer", INDEXER_CHARM)).toThrow('application "indexer" already exists');
  });
});
