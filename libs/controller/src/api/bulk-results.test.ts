import { describe, expect, it } from "vitest";
import { ApiError } from "./api-error";
import { bulkResults } from "./bulk-results";

describe("bulkResults", () => {
  it("gives one result per item, in order; nothing becomes {}", () => {
    expect(bulkResults([1, 2, 3], (n) => (n === 2 ? undefined : { n }))).toEqual([{ n: 1 }, {}, { n: 3 }]);
  });

  it("fails the item that threw, with Juju's message and code, and carries on", () => {
    const results = bulkResults(["radarr", "nope", "sonarr"], (app) => {
      if (app === "nope") throw new ApiError(`application "${app}" not found`, "not found");
      return { app };
    });
    expect(results).toEqual([
      { app: "radarr" },
      { error: { message: 'application "nope" not found', code: "not found" } },
      { app: "sonarr" },
    ]);
  });

  it("gives an engine error a code by its text", () => {
    expect(
      bulkResults([0], () => {
        throw new Error('relation "a:b c:d" already exists');
      }),
    ).toEqual([{ error: { message: 'relation "a:b c:d" already exists', code: "already exists" } }]);
  });
});
