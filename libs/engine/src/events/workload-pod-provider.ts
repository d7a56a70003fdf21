import { request } from "node:http";
import { join } from "node:path";
import type { AppRecord } from "../model/state";
import { startWorkloadPod, type WorkloadContainer, type WorkloadPod } from "../workload/workload-pod";
import type { PebbleEvent } from "./pebble-event";
import { podFiles } from "./pod-files";
import type { PodInspection, PodProvider, UnitPod } from "./pod-provider";

export interface WorkloadPodProviderOptions {
  /** Pods live below it, one directory per unit (keep it short: sockets go there). */
  stateDir: string;
  bwrapPath?: string;
  /** Which applications get real pods (all with containers by default); the others an empty one. */
  accepts?: (app: AppRecord) => boolean;
}

const EMPTY_POD: UnitPod = {
  containerSocketDirs: {},
  inspect: async () => ({ texts: [], files: [] }),
  close: async () => undefined,
};

/**
 * Real workload pods (a Pebble server per container, storage, image files) for units whose
 * charm declares containers; others get an empty pod. Each container's Pebble raises
 * pebble-ready once it answers, and its check and custom-notice events go to the unit.
 * The unit's state dir outlives its pods, so storage survives pod churn.
 */
export function workloadPodProvider(options: WorkloadPodProviderOptions): PodProvider {
  return {
    async startPod(unit, app, emit) {
      if (Object.keys(app.meta.containers).length === 0 || options.accepts?.(app) === false) return EMPTY_POD;
      const pod = await startWorkloadPod({
        unit,
        metadata: app.meta,
        stateDir: join(options.stateDir, unit.replace("/", "-")),
        images: deployedImages(app),
        ...(options.bwrapPath === undefined ? {} : { bwrapPath: options.bwrapPath }),
      });
      return unitPod(pod, emit);
    },
  };
}

/** Images given with `juju deploy --resource <name>=<image>`. */
function deployedImages(app: AppRecord): Record<string, string> {
  const images: Record<string, string> = {};
  for (const [name, resource] of app.resources) {
    if (resource.kind === "oci-image") images[name] = resource.image;
  }
  return images;
}

function unitPod(pod: WorkloadPod, emit: (event: PebbleEvent) => void): UnitPod {
  const stopped = new Set<string>();
  const announce = (container: WorkloadContainer): void => {
    const { name, server } = container;
    server.onCheckFailed((check) => emit({ kind: "check-failed", container: name, check }));
    server.onCheckRecovered((check) => emit({ kind: "check-recovered", container: name, check }));
    server.onNotice((notice) => {
      if (notice.type === "custom")
        emit({ kind: "custom-notice", container: name, noticeId: notice.id, key: notice.key });
    });
    emit({ kind: "ready", container: name });
  };
  for (const container of pod.containers) announce(container);
  return {
    containerSocketDirs: Object.fromEntries(pod.containers.map((c) => [c.name, c.socketDir])),
    faults: {
      killService: (container, service) => pod.container(container).server.killService(service),
      async stopPebble(container) {
        await pod.container(container).server.close();
        stopped.add(container);
      },
      async startPebble(container) {
        announce(await pod.restartContainer(container));
        stopped.delete(container);
      },
    },
    async inspect(): Promise<PodInspection> {
      const running = pod.containers.filter((c) => !stopped.has(c.name));
      const plans = await Promise.all(running.map((c) => planYaml(c.socketPath)));
      return {
        texts: running.map((c, i) => ({ where: `plan of container ${c.name}`, text: plans[i] ?? "" })),
        files: podFiles(running, pod.storage),
      };
    },
    close: () => pod.close(),
  };
}

/** The container's Pebble plan as YAML (GET /v1/plan). */
export function planYaml(socketPath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path: "/v1/plan?format=yaml", method: "GET" }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        body += chunk;
      });
      res.on("end", () => {
        const parsed = JSON.parse(body) as { result?: unknown };
        resolve(typeof parsed.result === "string" ? parsed.result : "");
      });
    });
    req.on("error", reject);
    req.end();
  });
}
