import type { CharmDefinition } from "@charmarr/charm";
import { type TestModel, testModel } from "@charmarr/testing";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { Downloader } from "./downloader-scenarios";

// The in-process config tests the qBittorrent and SABnzbd charms share, run against each charm.

/**
 * Registers, in the calling describe, a model per test (closed after it) and two tests: bad
 * `config` is Blocked with each of `messages` in the status and no secret made; without the
 * shared media storage the charm is Blocked naming the relation to add, every hook ok. `base`:
 * config every deploy starts from (qBittorrent's kill switch off, so nothing else blocks first).
 */
export function downloaderConfigScenarios<C>(
  d: Downloader,
  charm: CharmDefinition<C>,
  bad: { config: Record<string, unknown>; messages: string[] },
  base: Record<string, unknown> = {},
): void {
  let m: TestModel;
  beforeEach(async () => {
    m = await testModel();
  });
  afterEach(async () => {
    await m.close();
  });

  it("a bad value is Blocked, naming the option, the value and what is allowed", async () => {
    m.deploy(d.app, { charm, config: { ...base, ...bad.config } });
    await m.settle();
    const { status, message } = m.unitStatus(d.unit);
    expect(status).toBe("blocked");
    for (const named of bad.messages) expect(message).toContain(named);
    expect(m.secret(d.secretLabel, { owner: d.app })).toBeUndefined();
  });

  it("without media storage the charm is Blocked, naming the relation to add", async () => {
    m.deploy(d.app, { charm, config: base });
    await m.settle();
    expect(m.unitStatus(d.unit)).toMatchObject({
      status: "blocked",
      message: `needs shared media storage: juju integrate ${d.app} media-storage`,
    });
    expect(m.hookLog.every((h) => h.result === "ok")).toBe(true);
  });
}
