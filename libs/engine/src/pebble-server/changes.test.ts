import { describe, expect, it } from "vitest";
import { ChangeStore, changeToJson, type Task } from "./changes";
import type { Clock } from "./clock";
import { NoticeStore } from "./notices";

const clock: Clock = {
  now: () => new Date(),
  schedule: (ms, cb) => clearTimeout.bind(null, setTimeout(cb, ms)),
};

function store() {
  const notices = new NoticeStore(clock);
  return { changes: new ChangeStore(clock, notices), notices };
}

/** A handler whose tasks finish when the test says so. */
function controlled() {
  const pending = new Map<string, { resolve: () => void; reject: (e: Error) => void }>();
  const started: string[] = [];
  const handler = (task: Task) =>
    new Promise<void>((resolve, reject) => {
      started.push(task.summary);
      pending.set(task.summary, { resolve, reject });
    });
  return { handler, pending, started };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("ChangeStore", () => {
  it("runs tasks of a lane in order and derives the change status", async () => {
    const { changes } = store();
    const { handler, pending, started } = controlled();
    changes.addHandler("step", handler);
    const lane = changes.newLane();
    const a = changes.newTask("step", "A", lane);
    const b = changes.newTask("step", "B", lane);
    b.waitFor(a);
    const change = changes.newChange("demo", "Demo", [a, b]);
    expect(change.status()).toBe("Do");
    await tick();
    expect(started).toEqual(["A"]);
    expect(change.status()).toBe("Doing");
    pending.get("A")?.resolve();
    await tick();
    expect(started).toEqual(["A", "B"]);
    pending.get("B")?.resolve();
    expect(await changes.waitReady(change, 1000)).toBe(true);
    expect(changeToJson(change)).toMatchObject({
      id: change.id,
      kind: "demo",
      status: "Done",
      ready: true,
      tasks: [
        { summary: "A", status: "Done", progress: { label: "", done: 1, total: 1 } },
        { summary: "B", status: "Done" },
      ],
    });
  });

  it("fails a change with Pebble's error text and holds the rest of the lane", async () => {
    const { changes } = store();
    const { handler, pending } = controlled();
    changes.addHandler("step", handler);
    const lane = changes.newLane();
    const a = changes.newTask("step", 'Start service "a"', lane);
    const b = changes.newTask("step", 'Start service "b"', lane);
    b.waitFor(a);
    const other = changes.newTask("step", 'Start service "c"', changes.newLane());
    const change = changes.newChange("start", "Start", [a, b, other]);
    await tick();
    pending
      .get('Start service "a"')
      ?.reject(new Error("service start attempt: exited quickly with code 1, will restart"));
    await tick();
    expect(b.status).toBe("Hold");
    expect(change.ready).toBe(false); // lane of "c" still running
    pending.get('Start service "c"')?.resolve();
    await changes.waitReady(change, 1000);
    expect(change.status()).toBe("Error");
    expect(change.err()).toBe(
      'cannot perform the following tasks:\n- Start service "a" (service start attempt: exited quickly with code 1, will restart)',
    );
    expect(a.log.at(-1)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ ERROR service start attempt/);
  });

  it("creates a change already done when told so, and times out waits", async () => {
    const { changes } = store();
    const done = changes.newChange("replan", "Replan - no services", [], { status: "Done" });
    expect(changeToJson(done)).toMatchObject({ status: "Done", ready: true });
    expect(changeToJson(done)).not.toHaveProperty("tasks");
    changes.addHandler("never", () => new Promise(() => {}));
    const stuck = changes.newChange("x", "X", [changes.newTask("never", "never")]);
    expect(await changes.waitReady(stuck, 20)).toBe(false);
  });

  it("aborts: pending tasks are held, running ones are signalled", async () => {
    const { changes } = store();
    let aborted = false;
    changes.addHandler(
      "wait",
      (_task, signal) =>
        new Promise<void>((resolve) => {
          signal.addEventListener("abort", () => {
            aborted = true;
            resolve();
          });
        }),
    );
    const lane = changes.newLane();
    const first = changes.newTask("wait", "first", lane);
    const second = changes.newTask("wait", "second", lane);
    second.waitFor(first);
    const change = changes.newChange("x", "X", [first, second]);
    await tick();
    changes.abort(change);
    await changes.waitReady(change, 1000);
    expect(aborted).toBe(true);
    expect([first.status, second.status]).toEqual(["Hold", "Hold"]);
  });

  it("records change-update notices keyed by change id", async () => {
    const { changes, notices } = store();
    changes.addHandler("ok", async () => {});
    const change = changes.newChange("k", "K", [changes.newTask("ok", "ok")], {
      noticeData: { "check-name": "c" },
    });
    await changes.waitReady(change, 1000);
    const [notice] = notices.list({ types: ["change-update"] });
    expect(notice).toMatchObject({
      key: change.id,
      userId: null,
      lastData: { kind: "k", "check-name": "c" },
    });
    expect(notice?.occurrences).toBeGreaterThanOrEqual(2);
  });
});

describe("NoticeStore", () => {
  it("aggregates occurrences and filters", async () => {
    const { notices } = store();
    const first = notices.add(0, "custom", "example.com/a", { data: { n: "1" } });
    notices.add(0, "custom", "example.com/b");
    const again = notices.add(0, "custom", "example.com/a", { data: { n: "2" } });
    expect(again.id).toBe(first.id);
    expect(again.occurrences).toBe(2);
    expect(notices.list({ keys: ["example.com/a"] }).map((n) => n.lastData)).toEqual([{ n: "2" }]);
    expect(notices.list({ userId: 1000 })).toEqual([]);
    const waiting = notices.wait({ keys: ["example.com/c"] }, 1000);
    notices.add(0, "custom", "example.com/c");
    expect((await waiting).map((n) => n.key)).toEqual(["example.com/c"]);
    expect(await notices.wait({ keys: ["example.com/none"] }, 10)).toEqual([]);
  });
});
