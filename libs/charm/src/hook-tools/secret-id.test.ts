import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "./hook-tool-error";
import { isSecretId, parseSecretId, sameSecret, secretXid } from "./secret-id";

const XID = "9m4e2mr0ui3e8a215n4g";
const MODEL = "5a7c1c8e-0000-4000-8000-000000000001";
const SPELLINGS = [XID, `secret:${XID}`, `secret://${MODEL}/${XID}`];

describe("secret IDs", () => {
  it("normalises all three spellings to the xid", () => {
    for (const id of SPELLINGS) expect(secretXid(id)).toBe(XID);
  });

  it("treats every pair of spellings as the same secret", () => {
    for (const a of SPELLINGS) for (const b of SPELLINGS) expect(sameSecret(a, b)).toBe(true);
    expect(sameSecret(`secret:${XID}`, "secret:9m4e2mr0ui3e8a215n4h")).toBe(false);
  });

  it("keeps the model of the long form", () => {
    expect(parseSecretId(`secret://${MODEL}/${XID}`)).toEqual({ xid: XID, modelUuid: MODEL });
    expect(parseSecretId(`secret:${XID}`)).toEqual({ xid: XID });
  });

  it.each([
    "",
    "secret:",
    "9m4e2mr0ui3e8a215n4",
    "9m4e2mr0ui3e8a215n4gx",
    "9M4E2MR0UI3E8A215N4G",
    "zz4e2mr0ui3e8a215n4g",
    `secret:/${XID}`,
    `secret://not-a-uuid/${XID}`,
    `--label=${XID}`,
  ])("rejects %j", (id) => {
    expect(isSecretId(id)).toBe(false);
    expect(() => secretXid(id)).toThrow(InvalidArgumentError);
    expect(sameSecret(id, id)).toBe(false);
  });
});
