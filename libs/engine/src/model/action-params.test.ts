import { describe, expect, it } from "vitest";
import { INDEXER_CHARM } from "../../testing/hook-context/test-fixtures";
import { resolveActionParams } from "./action-params";
import { parseCharmMeta } from "./charm-meta";

describe("resolveActionParams", () => {
  const meta = parseCharmMeta(
    `${INDEXER_CHARM}\n`.replace(
      "      reason: {type: string}",
      "      reason: {type: string}\n    required: [reason]\n    additionalProperties: false",
    ),
  );

  it("fills schema defaults under the operator's params", () => {
    expect(resolveActionParams(meta, "indexer/0", "rotate-credentials", { reason: "x" })).toEqual({
      force: false,
      reason: "x",
    });
  });

  it("rejects unknown actions, missing required and unknown params", () => {
    expect(() => resolveActionParams(meta, "indexer/0", "nope", {})).toThrow(
      'action "nope" not defined on unit "indexer/0"',
    );
    expect(() => resolveActionParams(meta, "indexer/0", "rotate-credentials", {})).toThrow(
      '"reason" property is missing and required',
    );
    expect(() =>
      resolveActionParams(meta, "indexer/0", "rotate-credentials", { reason: "x", extra: 1 }),
    ).toThrow('additional property "extra" is not allowed');
  });
});
