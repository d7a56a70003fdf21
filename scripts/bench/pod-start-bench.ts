/**
 * Pod start time, with and without a network namespace: `startWorkloadPod` for one container
 * (the charm base image: a Pebble server in a fresh container root), until its Pebble answers,
 * then close. Two ways, interleaved run by run so the machine's state weighs on both alike:
 *  - host: the container in the host's network (what pods were before the pod network);
 *  - netns: a namespace of its own on the model's bridge (ClusterNetwork.attach: `ip netns add`,
 *    the veth pair, addresses, /etc/hosts), then the same start inside it.
 * The bridge itself is made once per model, before the first run, and reported apart.
 * Needs root for the netns side. Run it alone (under the integration lock on a shared machine):
 *
 *   flock /tmp/charmarr-integration.lock npm run bench:pods
 *   RUNS=30 flock /tmp/charmarr-integration.lock npm run bench:pods
 *   MODES=host ...        (only the host side: a checkout without the pod network)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import * as engine from "@charmarr/engine";

const RUNS = Number(process.env.RUNS ?? 15);
const MODES = (process.env.MODES ?? "host,netns").split(",");
const METADATA: engine.PodMetadata = {
  containers: { app: { mounts: [] } },
  resources: {},
  storage: {},
};

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

/** GET /v1/system-info over the socket: the Pebble answers. */
function pebbleAnswers(socketPath: string): Promise<void> {
  return new Promise((resolve, reject) => {
    request({ socketPath, path: "/v1/system-info" }, (res) => {
      res.resume();
      res.on("end", resolve);
    })
      .on("error", reject)
      .end();
  });
}

interface Sample {
  start: number;
  /** Of `start`: the namespace, veth and addresses (netns only). */
  attach: number;
  close: number;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "pb-"));
  const samples: Record<string, Sample[]> = Object.fromEntries(MODES.map((m) => [m, []]));
  // `ClusterNetwork` exists only in checkouts with the pod network.
  const Cluster = (engine as { ClusterNetwork?: typeof engine.ClusterNetwork }).ClusterNetwork;
  let cluster: engine.ClusterNetwork | undefined;
  let bridgeMs: number | undefined;
  if (MODES.includes("netns")) {
    if (!Cluster) throw new Error("this checkout has no pod network: run with MODES=host");
    const t0 = performance.now();
    cluster = await Cluster.create();
    bridgeMs = performance.now() - t0;
  }
  try {
    for (let run = 0; run < RUNS + 1; run++) {
      for (const mode of MODES) {
        const stateDir = join(dir, `${mode}-${run}`);
        const t0 = performance.now();
        const attachment = mode === "netns" ? await cluster?.attach(`app/${run}`) : undefined;
        const attached = performance.now();
        const pod = await engine.startWorkloadPod({
          unit: `app/${run}`,
          metadata: METADATA,
          stateDir,
          ...(attachment
            ? {
                network: {
                  namespacePath: attachment.namespace.path,
                  address: attachment.namespace.address,
                  writeEtc: attachment.writeEtc,
                },
              }
            : {}),
        });
        await pebbleAnswers(pod.container("app").socketPath);
        const started = performance.now();
        await pod.close();
        if (attachment) await cluster?.detach(attachment);
        const closed = performance.now();
        // The first run of each mode warms caches (imports, the page cache of /etc): not counted.
        if (run > 0)
          samples[mode]?.push({ start: started - t0, attach: attached - t0, close: closed - started });
        rmSync(stateDir, { recursive: true, force: true });
      }
    }
  } finally {
    await cluster?.close();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`pod start, one container (charm base image), median of ${RUNS} runs:`);
  for (const mode of MODES) {
    const s = samples[mode] ?? [];
    const starts = s.map((x) => x.start);
    console.log(
      `  ${mode.padEnd(5)} start ${median(starts).toFixed(1)} ms (min ${Math.min(...starts).toFixed(1)}, max ${Math.max(...starts).toFixed(1)}), close ${median(s.map((x) => x.close)).toFixed(1)} ms`,
    );
    if (mode === "netns")
      console.log(
        `        of which the namespace, veth and addresses: ${median(s.map((x) => x.attach)).toFixed(1)} ms`,
      );
  }
  if (bridgeMs !== undefined)
    console.log(`  the model's bridge (once, with the stale sweep): ${bridgeMs.toFixed(1)} ms`);
}

await main();
