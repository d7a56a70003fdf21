import { describe, expect, it } from "vitest";
import { addSecret, fixture, runCommitted } from "../../testing/hook-context/test-fixtures";
import { rescheduleAfterRotate } from "./secret-schedule";
import type { SecretRecord } from "./state";

const secret = (over: Partial<SecretRecord>): SecretRecord => ({
  xid: "x",
  owner: { kind: "application", name: "a" },
  revisions: new Map([[1, { revision: 1, content: {}, createdAt: new Date(0) }]]),
  latestRevision: 1,
  grants: [],
  consumers: new Map(),
  consumerLabels: new Map(),
  obsoleteNotified: new Set(),
  createdAt: new Date(0),
  updatedAt: new Date(0),
  ...over,
});

describe("rotation schedule", () => {
  it("starts one period after creation for each policy", async () => {
    const { model } = fixture();
    const cases: [string, string][] = [
      ["hourly", "2025-01-01T01:00:00Z"],
      ["daily", "2025-01-02T00:00:00Z"],
      ["weekly", "2025-01-08T00:00:00Z"],
      ["monthly", "2025-02-01T00:00:00Z"],
      ["quarterly", "2025-04-01T00:00:00Z"],
      ["yearly", "2026-01-01T00:00:00Z"],
    ];
    for (const [policy, next] of cases) {
      const xid = await addSecret(model, "indexer/0", "--rotate", policy, "key=v");
      expect(model.secret(xid)?.nextRotateTime?.toISOString()).toBe(new Date(next).toISOString());
    }
    const never = await addSecret(model, "indexer/0", "--rotate", "never", "key=v");
    expect(model.secret(never)?.nextRotateTime).toBeUndefined();
  });

  it("schedules a secret that starts rotating, does not pull an existing schedule in, and cancels on never", async () => {
    const { model, clock } = fixture();
    const xid = await addSecret(model, "indexer/0", "key=v");
    clock.set("2025-01-10T00:00:00Z");
    await runCommitted(model, "indexer/0", "secret-set", xid, "--rotate", "monthly");
    expect(model.secret(xid)?.nextRotateTime).toEqual(new Date("2025-02-10T00:00:00Z"));
    await runCommitted(model, "indexer/0", "secret-set", xid, "--rotate", "hourly");
    expect(model.secret(xid)?.nextRotateTime).toEqual(new Date("2025-02-10T00:00:00Z"));
    expect(model.secret(xid)?.rotatePolicy).toBe("hourly");
    await runCommitted(model, "indexer/0", "secret-set", xid, "--rotate", "never");
    expect(model.secret(xid)?.nextRotateTime).toBeUndefined();
  });

  it("re-fires 5 minutes after the due time when the rotate hook made no new revision", () => {
    const s = secret({ rotatePolicy: "weekly", nextRotateTime: new Date("2025-01-08T00:00:00Z") });
    rescheduleAfterRotate(s, 1, new Date("2025-01-08T00:00:01Z"));
    expect(s.nextRotateTime).toEqual(new Date("2025-01-08T00:05:00Z"));
  });

  it("a retry more than 5 minutes late goes to the next 5-minute step after now, counted from the due time", () => {
    const s = secret({ rotatePolicy: "weekly", nextRotateTime: new Date("2025-01-08T00:00:00Z") });
    rescheduleAfterRotate(s, 1, new Date("2025-01-08T00:12:00Z"));
    expect(s.nextRotateTime).toEqual(new Date("2025-01-08T00:15:00Z"));
  });

  it("moves one period past the time that fired after a new revision", () => {
    const s = secret({
      rotatePolicy: "monthly",
      nextRotateTime: new Date("2025-01-31T00:00:00Z"),
      latestRevision: 2,
    });
    rescheduleAfterRotate(s, 1, new Date("2025-01-31T00:00:30Z"));
    expect(s.nextRotateTime).toEqual(new Date("2025-03-03T00:00:00Z"));
  });

  it("floors at now when the clock jumped past several periods", () => {
    const s = secret({
      rotatePolicy: "hourly",
      nextRotateTime: new Date("2025-01-01T01:00:00Z"),
      latestRevision: 2,
    });
    rescheduleAfterRotate(s, 1, new Date("2025-01-05T00:00:00Z"));
    expect(s.nextRotateTime).toEqual(new Date("2025-01-05T01:00:00Z"));
  });

  it("rotates sooner when the latest revision expires before the next rotation", () => {
    const revisions = new Map([
      [2, { revision: 2, content: {}, createdAt: new Date(0), expireTime: new Date("2025-01-03T00:00:00Z") }],
    ]);
    const s = secret({
      rotatePolicy: "weekly",
      nextRotateTime: new Date("2025-01-01T00:00:00Z"),
      latestRevision: 2,
      revisions,
    });
    rescheduleAfterRotate(s, 1, new Date("2025-01-01T00:00:00Z"));
    expect(s.nextRotateTime).toEqual(new Date("2025-01-01T00:05:00Z"));
  });

  it("clears the schedule when the policy no longer rotates", () => {
    const s = secret({ rotatePolicy: "never", nextRotateTime: new Date("2025-01-01T00:00:00Z") });
    rescheduleAfterRotate(s, 1, new Date("2025-01-01T00:00:00Z"));
    expect(s.nextRotateTime).toBeUndefined();
  });
});
