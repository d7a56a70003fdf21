// The AllWatcher (spec §3.6): deltas folded into the units' current statuses, for `up`'s live
// progress and `status --watch`.
import { TimeoutError } from "./errors";
import type { JujuSession } from "./juju-connection";

export interface UnitView {
  name: string;
  application: string;
  workload: string;
  message: string;
  agent: string;
  address: string;
}

export type Delta = [string, string, Record<string, unknown>];

interface StatusInfo {
  current?: string;
  message?: string;
}

/** The units as the deltas describe them. */
export class UnitBoard {
  readonly units = new Map<string, UnitView>();
  readonly applications = new Set<string>();

  /** Apply deltas; returns the units whose shown status changed. */
  apply(deltas: readonly Delta[]): UnitView[] {
    const changed: UnitView[] = [];
    for (const [kind, op, entity] of deltas) {
      if (kind === "application") {
        const name = String(entity.name);
        if (op === "remove") this.applications.delete(name);
        else this.applications.add(name);
      }
      if (kind !== "unit") continue;
      const name = String(entity.name);
      if (op === "remove") {
        this.units.delete(name);
        continue;
      }
      const w = (entity["workload-status"] ?? {}) as StatusInfo;
      const a = (entity["agent-status"] ?? {}) as StatusInfo;
      const view: UnitView = {
        name,
        application: String(entity.application ?? name.split("/")[0]),
        workload: w.current ?? "unknown",
        message: w.message || a.message || "",
        agent: a.current ?? "",
        address: String(entity["private-address"] ?? entity.address ?? ""),
      };
      const before = this.units.get(name);
      this.units.set(name, view);
      if (
        !before ||
        before.workload !== view.workload ||
        before.message !== view.message ||
        before.agent !== view.agent
      )
        changed.push(view);
    }
    return changed;
  }

  /** Every unit of these apps active, or blocked with a message; each app has a unit. */
  settled(apps: readonly string[]): boolean {
    for (const app of apps) {
      const units = [...this.units.values()].filter((u) => u.application === app);
      if (units.length === 0) return false;
      if (!units.every((u) => u.workload === "active" || (u.workload === "blocked" && u.message !== "")))
        return false;
    }
    return true;
  }

  /**
   * Every unit of these apps idle, and active, blocked or waiting with a message: nothing it can
   * do by itself is left, though a unit may wait on another that waits for the operator (a
   * download client held by its kill switch while the VPN has no credentials). `up` takes this as
   * settled once nothing has changed for a while.
   */
  resting(apps: readonly string[]): boolean {
    for (const app of apps) {
      const units = [...this.units.values()].filter((u) => u.application === app);
      if (units.length === 0) return false;
      const rests = (u: UnitView) =>
        u.agent === "idle" &&
        (u.workload === "active" ||
          ((u.workload === "blocked" || u.workload === "waiting") && u.message !== ""));
      if (!units.every(rests)) return false;
    }
    return true;
  }

  errors(): UnitView[] {
    return [...this.units.values()].filter((u) => u.workload === "error" || u.agent === "error");
  }
}

/** One line for a unit's change. */
export function unitLine(u: UnitView): string {
  return `  ${u.name.padEnd(16)} ${u.workload.padEnd(12)} ${u.agent.padEnd(10)} ${u.message}`.trimEnd();
}

/** When the board has rested this long with nothing changing, the watch is over. */
export interface QuietRule {
  ms: number;
  resting: (board: UnitBoard) => boolean;
}

/**
 * Watch until `stop` returns true for the board, or (with `quiet`) the board has been resting
 * for `quiet.ms` with no delta at all (or until the session fails).
 */
export async function watchUnits(
  session: JujuSession,
  onChange: (changed: UnitView[], board: UnitBoard) => boolean | undefined,
  deadlineMs = Number.POSITIVE_INFINITY,
  quiet?: QuietRule,
): Promise<UnitBoard> {
  const board = new UnitBoard();
  const { "watcher-id": id } = await session.call<{ "watcher-id": string }>("Client", "WatchAll", null);
  session.keepAlive();
  const deadline = Date.now() + deadlineMs;
  try {
    for (;;) {
      const remaining = deadline - Date.now();
      const waitQuiet = quiet?.resting(board) === true && quiet.ms < remaining;
      const timeoutMs = waitQuiet
        ? quiet.ms
        : Number.isFinite(remaining)
          ? Math.max(remaining, 1)
          : Number.POSITIVE_INFINITY;
      let deltas: Delta[];
      try {
        ({ deltas = [] } = await session.call<{ deltas?: Delta[] }>("AllWatcher", "Next", null, {
          id,
          timeoutMs,
        }));
      } catch (err) {
        if (waitQuiet && err instanceof TimeoutError) return board;
        throw err;
      }
      if (onChange(board.apply(deltas), board)) return board;
    }
  } finally {
    await session.call("AllWatcher", "Stop", null, { id }).catch(() => {});
  }
}
