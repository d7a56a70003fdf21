import type { HookRecord } from "@charmarr/engine";
import { describe, expect, it } from "vitest";
import { HookLoop } from "./hook-loop";

const record = (n: number) => ({ seq: n }) as HookRecord;

describe("the hook loop", () => {
  it("never runs two settles at once; a kick during one runs another right after", async () => {
    let running = 0;
    let most = 0;
    let settles = 0;
    let release: () => void = () => undefined;
    const loop = new HookLoop({
      settle: async () => {
        running++;
        most = Math.max(most, running);
        settles++;
        if (settles === 1)
          await new Promise<void>((r) => {
            release = r;
          });
        running--;
        return [record(settles)];
      },
      afterSettle: () => undefined,
      onError: (error) => {
        throw error;
      },
    });
    loop.kick();
    loop.kick();
    loop.kick();
    await new Promise((r) => setImmediate(r));
    expect(settles).toBe(1);
    release();
    await loop.idle();
    expect(most).toBe(1);
    // The first, then one more for every kick made meanwhile (idle()'s own included).
    expect(settles).toBe(2);
    await loop.idle();
    expect(settles).toBe(3);
  });

  it("a failing settle is told and the loop carries on", async () => {
    const errors: unknown[] = [];
    const after: number[] = [];
    let n = 0;
    const loop = new HookLoop({
      settle: async () => {
        n++;
        if (n === 1) throw new Error("boom");
        return [record(n)];
      },
      afterSettle: (ran) => void after.push(ran.length),
      onError: (error) => errors.push(error),
    });
    await loop.idle();
    await loop.idle();
    expect(errors.map(String)).toEqual(["Error: boom"]);
    expect(after).toEqual([0, 1]);
  });

  it("settles on its timer without kicks, and not after stop", async () => {
    let n = 0;
    const loop = new HookLoop({
      settle: async () => {
        n++;
        return [];
      },
      afterSettle: () => undefined,
      onError: () => undefined,
      intervalMs: 10,
    });
    loop.start();
    await new Promise((r) => setTimeout(r, 120));
    await loop.stop();
    expect(n).toBeGreaterThanOrEqual(3);
    const stopped = n;
    loop.kick();
    await new Promise((r) => setTimeout(r, 40));
    expect(n).toBe(stopped);
  });
});
