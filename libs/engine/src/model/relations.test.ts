import { describe, expect, it } from "vitest";
import { fixture, MANAGER_CHARM } from "../../testing/hook-context/test-fixtures";
import { ManualClock } from "./clock";
import { Model } from "./model";
import { relationTag } from "./relations";

const PROVIDER = "name: prov\nprovides:\n  a: {interface: x}\n  b: {interface: x}\n";
const REQUIRER = "name: req\nrequires:\n  r: {interface: x, limit: 1}\n";

describe("integrate", () => {
  it("matches endpoints by interface and role, with Juju's relation key (requirer first)", () => {
    const { model, relationId } = fixture();
    const relation = model.relation(relationId);
    expect(relation.key).toBe("manager:media-indexer indexer:media-indexer");
    expect(relationTag(relation.key)).toBe("relation-manager.media-indexer#indexer.media-indexer");
    expect(relation.endpoints.map((ep) => [ep.app, ep.role])).toEqual([
      ["indexer", "provider"],
      ["manager", "requirer"],
    ]);
  });

  it("puts Juju's scope settings in every unit bag, also for units added later", () => {
    const { model, relationId } = fixture();
    expect(Object.fromEntries(model.relation(relationId).unitData.get("manager/1") ?? [])).toEqual({
      "egress-subnets": "127.0.1.4/32",
      "ingress-address": "127.0.1.4",
      "private-address": "127.0.1.4",
    });
    const unit = model.addUnit("manager", { address: "10.0.0.9" });
    expect(model.relation(relationId).unitData.get(unit.name)?.get("ingress-address")).toBe("10.0.0.9");
  });

  it("creates peer relations at deploy, with ids from the same counter", () => {
    const { model, peerId, relationId } = fixture();
    expect(model.relation(peerId).key).toBe("indexer:indexer-peers");
    expect(peerId).toBe(0);
    expect(relationId).toBe(1);
  });

  it("reports ambiguity, no match, duplicates and limits like Juju", () => {
    const model = new Model({ clock: new ManualClock() });
    model.deploy("prov", PROVIDER);
    model.deploy("req", REQUIRER);
    expect(() => model.integrate("prov", "req")).toThrow(
      'ambiguous relation: "prov req" could refer to "prov:a req:r"; "prov:b req:r"',
    );
    expect(() => model.integrate("prov:a", "nope")).toThrow('application "nope" not found');
    model.deploy("manager", MANAGER_CHARM);
    expect(() => model.integrate("prov", "manager")).toThrow("no relations found");
    model.integrate("prov:a", "req");
    expect(() => model.integrate("req", "prov:a")).toThrow(
      'cannot add relation "req:r prov:a": relation req:r prov:a already exists',
    );
    expect(() => model.integrate("prov:b", "req:r")).toThrow(
      "establishing a new relation for req:r would exceed its maximum relation limit of 1",
    );
  });

  it("removes a relation in two steps: dying (grants dropped, still visible) then purged", () => {
    const { model, relationId } = fixture();
    model.removeRelation(relationId);
    expect(model.relation(relationId).life).toBe("dying");
    model.purgeRelation(relationId);
    expect(() => model.relation(relationId)).toThrow(`relation ${relationId} not found`);
    expect(model.relations("indexer", "media-indexer")).toEqual([]);
  });
});
