import { describe, expect, it } from "vitest";
import { JsonPatchError, jsonPatch } from "./json-patch";
import { mergePatch } from "./merge-patch";

describe("jsonPatch", () => {
  const doc = { spec: { volumes: [{ name: "charm-data" }, { name: "charmarr-media" }] } };

  it("removes an entry after a test of its key", () => {
    expect(
      jsonPatch(doc, [
        { op: "test", path: "/spec/volumes/1/name", value: "charmarr-media" },
        { op: "remove", path: "/spec/volumes/1" },
      ]),
    ).toEqual({ spec: { volumes: [{ name: "charm-data" }] } });
  });

  it("a failing test applies nothing", () => {
    expect(() =>
      jsonPatch(doc, [
        { op: "remove", path: "/spec/volumes/0" },
        { op: "test", path: "/spec/volumes/0/name", value: "charm-data" },
      ]),
    ).toThrow(JsonPatchError);
    expect(doc.spec.volumes).toHaveLength(2);
  });

  it("adds at the end with -, replaces, and refuses missing paths", () => {
    expect(jsonPatch({ a: [1] }, [{ op: "add", path: "/a/-", value: 2 }])).toEqual({ a: [1, 2] });
    expect(jsonPatch({ a: 1 }, [{ op: "replace", path: "/a", value: 2 }])).toEqual({ a: 2 });
    expect(() => jsonPatch({ a: 1 }, [{ op: "remove", path: "/b" }])).toThrow(/nonexistent/);
    expect(() => jsonPatch({ a: 1 }, [{ op: "replace", path: "/b/c", value: 1 }])).toThrow(/missing path/);
  });
});

describe("mergePatch", () => {
  it("merges maps, deletes nulls, replaces lists wholesale", () => {
    expect(mergePatch({ a: { b: 1, c: 2 }, l: [1, 2] }, { a: { c: null, d: 3 }, l: [3] })).toEqual({
      a: { b: 1, d: 3 },
      l: [3],
    });
  });
});
