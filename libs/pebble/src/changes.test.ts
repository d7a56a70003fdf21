import { describe, expect, it } from "vitest";
import { useWireFormatServer } from "../testing/use-wire-format-server";
import { sendError } from "../testing/wire-responses";
import { parseChange } from "./changes";
import { PebbleApiError, PebbleProtocolError, TimeoutError } from "./pebble-errors";

const t = useWireFormatServer();

function pendingChange(): string {
  return t.server.changes.create("custom", "Do something", [{ kind: "custom", summary: "Step" }]).id;
}

describe("changes", () => {
  it("lists changes with select and for, and reads one", async () => {
    await t.client.addLayer("l", {
      services: { a: { override: "replace", command: "/a", startup: "enabled" } },
    });
    await t.client.replan();
    const pending = pendingChange();
    expect((await t.client.getChanges()).map((c) => c.id)).toEqual([pending]);
    expect((await t.client.getChanges({ select: "all", service: "a" })).map((c) => c.kind)).toEqual([
      "replan",
    ]);
    const queries = t.server.requestsTo("/v1/changes").map((r) => Object.fromEntries(r.query));
    expect(queries).toEqual([{ select: "in-progress" }, { select: "all", for: "a" }]);
    const change = await t.client.getChange(pending);
    expect(change).toMatchObject({
      id: pending,
      kind: "custom",
      status: "Doing",
      ready: false,
      err: undefined,
    });
    expect(change.tasks[0]?.progress).toEqual({ label: "", done: 0, total: 1 });
  });

  it("reports an unknown change as a 404 PebbleApiError", async () => {
    await expect(t.client.getChange("999")).rejects.toMatchObject({
      statusCode: 404,
      statusText: "Not Found",
      message: 'cannot find change with id "999"',
    });
  });

  it("waits through the long poll until the change is ready", async () => {
    const id = pendingChange();
    setTimeout(() => t.server.changes.finish(id, [{ data: { answer: 42 } }]), 100);
    const change = await t.client.waitChange(id, { timeoutMs: 5_000 });
    expect(change).toMatchObject({ status: "Done", ready: true });
    expect(change.tasks[0]?.data).toEqual({ answer: 42 });
    expect(change.readyTime).toBeInstanceOf(Date);
    expect(t.server.requestsTo(`/v1/changes/${id}/wait`).map((r) => r.query.get("timeout"))).toEqual([
      "5.000s",
    ]);
  });

  it("goes round again on a 504 from /wait", async () => {
    const id = pendingChange();
    let first = true;
    t.server.intercept((r, res) => {
      if (!r.path.endsWith("/wait") || !first) return false;
      first = false;
      sendError(res, 504, "timed out waiting for change after 4s");
      return true;
    });
    setTimeout(() => t.server.changes.finish(id), 50);
    expect((await t.client.waitChange(id)).status).toBe("Done");
    expect(t.server.requestsTo(`/v1/changes/${id}/wait`)).toHaveLength(2);
  });

  it("falls back to polling when /wait is not there (404)", async () => {
    const id = pendingChange();
    t.server.intercept((r, res) => {
      if (!r.path.endsWith("/wait")) return false;
      sendError(res, 404, "invalid API endpoint requested");
      return true;
    });
    setTimeout(() => t.server.changes.finish(id), 120);
    const change = await t.client.waitChange(id, { pollDelayMs: 20 });
    expect(change.status).toBe("Done");
    expect(t.server.requestsTo(`/v1/changes/${id}`).length).toBeGreaterThan(2);
  });

  it("throws TimeoutError past its deadline, with /wait bounded by it", async () => {
    const id = pendingChange();
    const error = await t.client.waitChange(id, { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toBe(`timed out waiting for change ${id} (0.2 s)`);
    const timeouts = t.server.requestsTo(`/v1/changes/${id}/wait`).map((r) => r.query.get("timeout"));
    expect(timeouts[0]).toBe("0.200s");
  });

  it("does not throw for a change that ended in Error (waitChange reports, actions throw)", async () => {
    const id = pendingChange();
    t.server.changes.finish(id, [{ error: "it broke" }]);
    const change = await t.client.waitChange(id);
    expect(change.status).toBe("Error");
    expect(change.err).toBe("cannot perform the following tasks:\n- Step (it broke)");
  });

  it("aborts a change, and reports Pebble's refusal on a ready one", async () => {
    const id = pendingChange();
    expect((await t.client.abortChange(id)).id).toBe(id);
    expect(t.server.requestsTo(`/v1/changes/${id}`)[0]?.body.toString()).toBe('{"action":"abort"}');
    t.server.changes.finish(id);
    const error = await t.client.abortChange(id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PebbleApiError);
    expect((error as Error).message).toBe(`cannot abort change ${id} with nothing pending`);
  });
});

describe("parseChange", () => {
  const wire = {
    id: "7",
    kind: "exec",
    summary: 'Execute command "ls"',
    status: "Done",
    ready: true,
    "spawn-time": "2025-03-04T05:06:07.123456789Z",
    "ready-time": "2025-03-04T05:06:08.5+01:00",
    tasks: [
      {
        id: "9",
        kind: "exec",
        summary: "x",
        status: "Done",
        progress: { label: "", done: 1, total: 1 },
        "spawn-time": "2025-03-04T05:06:07Z",
        data: { "exit-code": 0 },
      },
    ],
  };

  it("reads Go's nanosecond times and offsets", () => {
    const change = parseChange(wire);
    expect(change.spawnTime.toISOString()).toBe("2025-03-04T05:06:07.123Z");
    expect(change.readyTime?.toISOString()).toBe("2025-03-04T04:06:08.500Z");
    expect(change.tasks[0]?.log).toEqual([]);
    expect(change.data).toEqual({});
  });

  it("names a missing or malformed field", () => {
    expect(() => parseChange({ ...wire, ready: undefined })).toThrow('change: missing field "ready"');
    expect(() => parseChange({ ...wire, status: "Sleeping" })).toThrow(PebbleProtocolError);
    expect(() => parseChange({ ...wire, "spawn-time": "yesterday" })).toThrow(
      "change.spawn-time: expected an RFC 3339 time, got string",
    );
    expect(() => parseChange({ ...wire, tasks: [{ id: "1" }] })).toThrow(
      'change.tasks[0]: missing field "kind"',
    );
  });
});
