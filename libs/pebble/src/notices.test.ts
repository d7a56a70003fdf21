import { describe, expect, it } from "vitest";
import { useWireFormatServer } from "../testing/use-wire-format-server";
import { jsonBody } from "../testing/wire-format-server";
import { parseNotice } from "./notices";

const t = useWireFormatServer();

describe("notices", () => {
  it("records a custom notice and reads it back", async () => {
    const id = await t.client.notify("charmarr.io/api-key-rotated", {
      data: { revision: "3" },
      repeatAfterMs: 60_000,
    });
    expect(id).toBe("1");
    expect(jsonBody(t.server.requestsTo("/v1/notices")[0]!)).toEqual({
      action: "add",
      type: "custom",
      key: "charmarr.io/api-key-rotated",
      "repeat-after": "60.000s",
      data: { revision: "3" },
    });
    const notice = await t.client.getNotice(id);
    expect(notice).toMatchObject({
      id: "1",
      userId: null,
      type: "custom",
      key: "charmarr.io/api-key-rotated",
      occurrences: 1,
      lastData: { revision: "3" },
      repeatAfter: "60.000s",
      expireAfter: "168h0m0s",
    });
    expect(notice.firstOccurred).toBeInstanceOf(Date);
    expect(t.server.requests.at(-1)?.path).toBe("/v1/notices/1");
  });

  it("sends only action, type and key by default; repeats bump occurrences", async () => {
    await t.client.notify("example.com/a");
    await t.client.notify("example.com/a");
    expect(jsonBody(t.server.requestsTo("/v1/notices")[0]!)).toEqual({
      action: "add",
      type: "custom",
      key: "example.com/a",
    });
    expect((await t.client.getNotice("1")).occurrences).toBe(2);
  });

  it("filters notices by type, key and time, with every query parameter", async () => {
    await t.client.notify("example.com/a");
    await t.client.notify("example.com/b");
    t.server.notices.record("warning", "disk full");
    expect(
      (await t.client.getNotices({ types: ["custom"], keys: ["example.com/b"] })).map((n) => n.key),
    ).toEqual(["example.com/b"]);
    const after = new Date("2020-01-01T00:00:00Z");
    expect(await t.client.getNotices({ after, userId: 0, allUsers: true, timeoutMs: 250 })).toHaveLength(3);
    const queries = t.server
      .requestsTo("/v1/notices")
      .filter((r) => r.method === "GET")
      .map((r) => Object.fromEntries(r.query));
    expect(queries).toEqual([
      { types: "custom", keys: "example.com/b" },
      { after: "2020-01-01T00:00:00.000Z", "user-id": "0", users: "all", timeout: "0.250s" },
    ]);
  });

  it("parses Pebble's nanosecond RFC 3339 times (Go's RFC3339Nano: 0 to 9 fractional digits)", () => {
    const notice = parseNotice({
      id: "1",
      "user-id": null,
      type: "custom",
      key: "example.com/a",
      "first-occurred": "2025-01-01T00:00:00Z",
      "last-occurred": "2025-01-01T00:00:00.5Z",
      "last-repeated": "2025-01-01T00:00:00.123456789Z",
      occurrences: 1,
    });
    expect(notice.firstOccurred.toISOString()).toBe("2025-01-01T00:00:00.000Z");
    expect(notice.lastOccurred.toISOString()).toBe("2025-01-01T00:00:00.500Z");
    expect(notice.lastRepeated.toISOString()).toBe("2025-01-01T00:00:00.123Z");
  });

  it("surfaces Pebble's refusals", async () => {
    await expect(t.client.notify("not a key")).rejects.toMatchObject({
      statusCode: 400,
      message: 'invalid key "not a key"',
    });
    await expect(t.client.getNotice("42")).rejects.toMatchObject({
      statusCode: 404,
      message: 'cannot find notice with ID "42"',
    });
  });
});
