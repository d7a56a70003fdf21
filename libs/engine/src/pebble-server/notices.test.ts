import { describe, expect, it } from "vitest";
import { realClock } from "./clock";
import { NoticeStore } from "./notices";
import { noticesRoutes } from "./notices-api";
import type { ApiRequest } from "./router";

const NANO_RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/** GET /v1/notices through the API's own handler: what a polling client gets back. */
async function poll(store: NoticeStore, after?: string): Promise<Array<Record<string, string>>> {
  const [route] = noticesRoutes(store);
  const query = new URLSearchParams({ types: "custom", ...(after === undefined ? {} : { after }) });
  const request: ApiRequest = {
    method: "GET",
    path: "/v1/notices",
    query,
    params: {},
    headers: {},
    body: async () => Buffer.alloc(0),
    signal: new AbortController().signal,
  };
  const response = await route!.GET!(request);
  return (response as { result: Array<Record<string, string>> }).result;
}

describe("notice times", () => {
  it("200 notices in a tight loop: a client polling with after= the last one it saw misses none", async () => {
    const store = new NoticeStore(realClock);
    const seen: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 200; i++) {
      store.add(0, "custom", `example.com/n${i}`);
      // Poll after every 7th: the next notices come within the same millisecond as the last seen.
      if (i % 7 === 6 || i === 199) {
        const batch = await poll(store, after);
        seen.push(...batch.map((n) => n.key!));
        after = batch.at(-1)?.["last-repeated"] ?? after;
      }
    }
    expect(seen).toEqual(Array.from({ length: 200 }, (_, i) => `example.com/n${i}`));
    const times = (await poll(store)).map((n) => n["last-repeated"]!);
    expect(new Set(times).size).toBe(200);
    for (const t of times) expect(t).toMatch(NANO_RFC3339);
  });

  it("formats nanosecond times as Go's RFC3339Nano and reads after= at full precision", async () => {
    const store = new NoticeStore({
      now: () => new Date("2025-01-01T00:00:00.000Z"),
      schedule: () => () => {},
    });
    store.add(0, "custom", "example.com/a");
    store.add(0, "custom", "example.com/b"); // same clock reading: still a later time
    const [a, b] = await poll(store);
    expect(a!["last-repeated"]).toBe("2025-01-01T00:00:00Z");
    expect(b!["last-repeated"]).toBe("2025-01-01T00:00:00.000000001Z");
    expect((await poll(store, "2025-01-01T00:00:00Z")).map((n) => n.key)).toEqual(["example.com/b"]);
    expect((await poll(store, "2025-01-01T00:00:00.000000001Z")).map((n) => n.key)).toEqual([]);
    expect((await poll(store, "2025-01-01T01:00:00.0000000001+01:00")).map((n) => n.key)).toEqual([
      "example.com/b",
    ]);
  });
});
