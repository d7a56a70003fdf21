import type { Model } from "../model/model";
import type { AppRecord } from "../model/state";
import type { HookNetwork } from "../unit-process/hook-launcher";
import type { PebbleEvent } from "./pebble-event";

/** A workload file as the leak scanner sees it. */
export interface PodFile {
  container: string;
  /** Path inside the container. */
  path: string;
  mode: number;
  content: string;
}

/** A workload file over 1 MiB: the scanner reads it from the host in chunks. */
export interface LargePodFile {
  container: string;
  /** Path inside the container. */
  path: string;
  mode: number;
  hostPath: string;
  size: number;
}

/**
 * What of a pod may hold secrets: Pebble plans and service environments, service logs, exec
 * calls, the command lines and environments of workload processes, and workload files.
 */
export interface PodInspection {
  /** Each with where it was found (`plan of container radarr`, `cmdline of process 12 (x) in container y`). */
  texts: { where: string; text: string }[];
  files: PodFile[];
  /** Files over 1 MiB (real pods), not in `files`. */
  largeFiles?: LargePodFile[];
}

/** Workload faults a test can inject into a real pod. */
export interface PodFaults {
  /** A workload process dies, as if it crashed: Pebble's on-failure rules apply. False if not running. */
  killService(container: string, service: string): Promise<boolean>;
  /** The container's Pebble goes away (and its services with it): the charm cannot connect. */
  stopPebble(container: string): Promise<void>;
  /** A fresh Pebble in a fresh container (storage kept); raises pebble-ready. */
  startPebble(container: string): Promise<void>;
}

/** One unit's pod, as the unit agents need it. */
export interface UnitPod {
  /** Container name → host directory holding its `pebble.socket`, bound at /charm/containers/<name>/. */
  readonly containerSocketDirs: Readonly<Record<string, string>>;
  /** Only pods with real workloads have them. */
  readonly faults?: PodFaults;
  /** The pod IP, when the pod has a network namespace of its own: the unit's address while it lives. */
  readonly address?: string;
  /** The pod's network namespace and names, for the charm container (process hooks). */
  readonly network?: HookNetwork;
  inspect(): Promise<PodInspection>;
  close(): Promise<void>;
}

/**
 * Where units' workload pods come from: the seam between the unit agents and the workload side
 * (Pebble servers, container roots, storage). Started before the unit's first hook; `emit`
 * raises Pebble events (pebble-ready when a container's Pebble is up, notices, checks).
 */
export interface PodProvider {
  startPod(unit: string, app: AppRecord, emit: (event: PebbleEvent) => void): Promise<UnitPod>;
  /**
   * Before every turn of the agents: what the pods' network shows of the model (its name, the
   * ports applications opened) catches up. Cheap when nothing changed.
   */
  syncModel?(model: Model): Promise<void>;
  /** After the last pod closed: what the pods shared (their network) goes. */
  close?(): Promise<void>;
}
