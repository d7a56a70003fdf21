// waitUntil (the Servarr stack's polling) throws, naming what it waited for, when its time is up.
import { describe, expect, it } from "vitest";
import { waitUntil } from "../testing/stack";

describe("waitUntil", () => {
  it("returns once the condition holds", async () => {
    let calls = 0;
    await waitUntil("the third call", 2_000, async () => ++calls === 3);
    expect(calls).toBe(3);
  });

  it("throws with what it waited for after the timeout, never carrying on", async () => {
    const started = Date.now();
    await expect(waitUntil("radarr to refuse its previous key", 100, async () => false)).rejects.toThrow(
      /^timed out after 100 ms waiting for radarr to refuse its previous key$/,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });
});
