import { join } from "node:path";
import { ROOT } from "@charmarr/build/charm-dirs";
import { packCharm } from "@charmarr/build/pack";
import { unpackCharmArchive } from "@charmarr/engine/charm-archive";
import { createFakeHookTools, type FakeHookTools } from "@charmarr/testing";

export interface PackedExample {
  charmPath: string;
  charmDir: string;
  bundleBytes: number;
  tools: FakeHookTools;
  /** The bare environment Juju gives a steady-state config-changed, with the fake tools on PATH. */
  env: Record<string, string>;
}

/**
 * The example charm packed into `work`, unpacked as Juju unpacks it, and fake hook tools
 * answering a steady-state config-changed (leader, default config, no relations). Shared by
 * the benchmarks so that they measure the same hook.
 */
export async function packedExample(work: string): Promise<PackedExample> {
  const { path: charmPath, bundleBytes } = await packCharm(join(ROOT, "libs/charm/example"), work);
  const charmDir = join(work, "charm");
  await unpackCharmArchive(charmPath, charmDir);
  const tools = createFakeHookTools({
    "config-get": { stdout: '{"greeting":"hello","repeat":1,"style":"plain"}\n' },
    "is-leader": { stdout: "true\n" },
    "relation-ids": { stdout: "[]\n" },
  });
  const env: Record<string, string> = {
    PATH: `${tools.binDir}:/usr/bin:/bin`,
    JUJU_CHARM_DIR: charmDir,
    CHARM_DIR: charmDir,
    JUJU_UNIT_NAME: "hello/0",
    JUJU_MODEL_NAME: "bench",
    JUJU_MODEL_UUID: "5a7c1c8e-0000-4000-8000-000000000001",
    JUJU_VERSION: "3.6.4",
    JUJU_DISPATCH_PATH: "hooks/config-changed",
    JUJU_HOOK_NAME: "config-changed",
  };
  return { charmPath, charmDir, bundleBytes, tools, env };
}
