import { describe, expect, it } from "vitest";
import { parseSecretUri, secretUriFor } from "./secret-uri";
import { newXid, XID_PATTERN } from "./xid";

const XID = "9m4e2mr0ui3e8a215n4g";
const UUID = "d9d5ad49-8e0a-4a7c-8f6f-6e2ad6c0a0e1";

describe("secret URIs", () => {
  it("accepts the three spellings and compares by xid", () => {
    expect(parseSecretUri(`secret:${XID}`)).toEqual({ xid: XID });
    expect(parseSecretUri(`secret://${UUID}/${XID}`)).toEqual({ xid: XID, sourceUuid: UUID });
    expect(parseSecretUri(XID)).toEqual({ xid: XID });
    expect(secretUriFor(UUID, XID)).toBe(`secret://${UUID}/${XID}`);
  });

  it("rejects other schemes, hosts that are not UUIDs and malformed ids", () => {
    for (const bad of [
      `http:${XID}`,
      `secret://host/${XID}`,
      "secret:short",
      `${XID}x`,
      "9M4E2MR0UI3E8A215N4G",
      `secret:${XID.replace("9", "w")}`,
    ]) {
      expect(parseSecretUri(bad)).toBeUndefined();
    }
  });

  it("generates 20-character base32hex xids, unique and time-ordered", () => {
    const now = new Date("2025-01-01T00:00:00Z");
    const ids = Array.from({ length: 50 }, () => newXid(now));
    for (const id of ids) expect(id).toMatch(XID_PATTERN);
    expect(new Set(ids).size).toBe(50);
    expect(newXid(new Date("2030-01-01T00:00:00Z")) > newXid(now)).toBe(true);
    expect(ids[0]?.at(-1)).toMatch(/[0g]/);
  });
});
