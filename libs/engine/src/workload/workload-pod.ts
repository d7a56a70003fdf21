import { existsSync, mkdirSync } from "node:fs";
import { join, posix, resolve } from "node:path";
import type { Clock } from "../pebble-server/clock";
import type { Mount } from "../pebble-server/container-filesystem";
import { bubblewrapSandbox, DEFAULT_SYSTEM_PATHS } from "../pebble-server/container-sandbox";
import { type PebbleServer, startPebbleServer } from "../pebble-server/pebble-server";
import { DEFAULT_PATH } from "../pebble-server/process-launch";
import { UserDatabase } from "../pebble-server/user-database";
import { CHARM_BASE_IMAGE } from "./builtin-images";
import { killContainerProcesses } from "./container-processes";
import { buildContainerRoot } from "./container-root";
import { hostExecutable, MissingPackageError, missingPackages } from "./debian-packages";
import { type ImageCatalog, imageCatalog, type ResolvedImage } from "./image-catalog";
import { isUnder, splitSystemPaths } from "./system-paths";

// One unit's pod: a container per metadata `containers` entry, each with its own root, its image's
// files and a Pebble server, and the unit's storage bound at the containers' mount locations.
// Given a network attachment, every container runs in the pod's network namespace.

/** What the pod needs from a charm's metadata (the model's CharmMeta has this shape). */
export interface PodMetadata {
  readonly containers: Readonly<
    Record<
      string,
      {
        readonly resource?: string;
        readonly mounts: readonly { readonly storage: string; readonly location?: string }[];
      }
    >
  >;
  readonly resources: Readonly<Record<string, { readonly type: string; readonly upstreamSource?: string }>>;
  readonly storage: Readonly<Record<string, { readonly type: string; readonly location?: string }>>;
}

export interface WorkloadPodOptions {
  /** The unit, for messages (`radarr/0`). */
  unit: string;
  metadata: PodMetadata;
  /** The unit's own directory: container roots, Pebble sockets and storage live below it. */
  stateDir: string;
  /** Images by resource name, as `juju deploy --resource <name>=<image>` gives them; else upstream-source. */
  images?: Readonly<Record<string, string>>;
  /** The shared catalog (with the registered stand-ins) unless given. */
  catalog?: ImageCatalog;
  clock?: Clock;
  /** How long a service must live to count as started (1 s in Pebble). */
  okayDelayMs?: number;
  bwrapPath?: string;
  /**
   * Binds the pod template adds to a container beyond its metadata storage (a claim's volume at
   * `/data`...), by container name: each one bind, so one volume is one mount inside.
   */
  extraMounts?: Readonly<Record<string, readonly Mount[]>>;
  /** Capabilities the pod template adds to a container (`securityContext.capabilities.add`), by container name. */
  extraCapabilities?: Readonly<Record<string, readonly string[]>>;
  /** The pod's network namespace; every container runs in it (the host's network without one). */
  network?: PodNetworkAttachment;
}

/** How the pod joins its network (see ClusterNetwork.attach). */
export interface PodNetworkAttachment {
  /** `/run/netns/<name>`. */
  readonly namespacePath: string;
  /** The pod IP: where the engine reaches the containers' loopback (Pebble's http and tcp checks). */
  readonly address: string;
  /** Writes the pod's hosts and resolv.conf into a fresh container's /etc, and keeps them current. */
  writeEtc(etcDir: string): void;
}

export interface WorkloadContainer {
  readonly name: string;
  /** The image reference the container runs. */
  readonly image: string;
  /** Holds only `pebble.socket`: bind it at `/charm/containers/<name>/` in the charm container. */
  readonly socketDir: string;
  readonly socketPath: string;
  readonly rootDir: string;
  readonly server: PebbleServer;
}

export interface PodStorage {
  readonly name: string;
  /** Lives as long as the state dir: survives container restarts and new pods. */
  readonly hostDir: string;
  readonly mounts: readonly { readonly container: string; readonly location: string }[];
}

export interface WorkloadPod {
  readonly unit: string;
  /** The running containers, in metadata order. */
  readonly containers: readonly WorkloadContainer[];
  container(name: string): WorkloadContainer;
  readonly storage: readonly PodStorage[];
  /**
   * Pod churn for one container: Pebble and every process in it stop, the root is made afresh
   * (storage kept) and a new Pebble starts; the engine then raises `<name>-pebble-ready`.
   */
  restartContainer(name: string): Promise<WorkloadContainer>;
  /** Stops every container and its processes; the state dir (storage included) stays. */
  close(): Promise<void>;
}

export class WorkloadPodError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WorkloadPodError";
  }
}

interface ContainerPlan {
  name: string;
  image: ResolvedImage;
  rootDir: string;
  socketDir: string;
  socketPath: string;
  systemPaths: string[];
  mounts: Mount[];
  environment: Record<string, string>;
}

interface PodPlan {
  containers: ContainerPlan[];
  storage: PodStorage[];
}

// Each container gets its own /etc (see buildContainerRoot); the rest of the host's system is shared.
const BASE_SYSTEM_PATHS = DEFAULT_SYSTEM_PATHS.filter((path) => path !== "/etc");

// sun_path is 108 bytes with the terminating NUL.
const MAX_SOCKET_PATH = 107;

function assertName(kind: string, name: string): void {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name))
    throw new WorkloadPodError(`invalid ${kind} name ${JSON.stringify(name)}`);
}

function assertLocation(context: string, location: string): void {
  if (!location.startsWith("/") || location === "/" || posix.normalize(location) !== location) {
    throw new WorkloadPodError(
      `${context}: mount location ${JSON.stringify(location)} must be an absolute path below /`,
    );
  }
}

function imageOf(options: WorkloadPodOptions, context: string, resource: string | undefined): string {
  if (resource === undefined) return CHARM_BASE_IMAGE;
  const deployed = options.images?.[resource];
  if (deployed) return deployed;
  const meta = options.metadata.resources[resource];
  if (!meta) throw new WorkloadPodError(`${context}: resource ${resource} is not declared in the metadata`);
  if (meta.type !== "oci-image") {
    throw new WorkloadPodError(`${context}: resource ${resource} is of type ${meta.type}, not oci-image`);
  }
  if (!meta.upstreamSource) {
    throw new WorkloadPodError(
      `${context}: resource ${resource} has no upstream-source; deploy with --resource ${resource}=<image>`,
    );
  }
  return meta.upstreamSource;
}

/** The host command of every launcher must exist and be visible inside the container. */
function checkLauncherCommands(context: string, image: ResolvedImage, binds: readonly string[]): void {
  for (const launcher of image.launchers) {
    const program = launcher.target.command[0] ?? "";
    const what = `${context}: ${launcher.path} runs ${program}`;
    if (!hostExecutable(program))
      throw new WorkloadPodError(`${what}, which is not an executable file on the host`);
    if (!isUnder(program, BASE_SYSTEM_PATHS) && !isUnder(program, binds)) {
      throw new WorkloadPodError(
        `${what}, which the container cannot see: add its directory to the command's binds`,
      );
    }
  }
  for (const bind of binds) {
    if (!existsSync(bind)) throw new WorkloadPodError(`${context}: bind ${bind} does not exist on the host`);
  }
}

/** Works out and checks everything before anything is created, so a bad pod leaves nothing behind. */
function planPod(options: WorkloadPodOptions): PodPlan {
  const { metadata, unit } = options;
  const stateDir = resolve(options.stateDir);
  const catalog = options.catalog ?? imageCatalog;
  const storage = new Map<
    string,
    { name: string; hostDir: string; mounts: { container: string; location: string }[] }
  >();
  for (const [name, meta] of Object.entries(metadata.storage)) {
    assertName("storage", name);
    if (meta.type !== "filesystem") {
      throw new WorkloadPodError(
        `unit ${unit}: storage ${name} is of type ${meta.type}; pods here only have filesystem storage`,
      );
    }
    storage.set(name, { name, hostDir: join(stateDir, "storage", name), mounts: [] });
  }

  // Images first: an unknown image or a missing package is the first thing to fix.
  const images = Object.entries(metadata.containers).map(([name, meta]) => {
    assertName("container", name);
    const context = `unit ${unit}, container "${name}"`;
    return { name, meta, context, image: catalog.resolve(imageOf(options, context, meta.resource), context) };
  });
  const missing = images
    .map(({ name, image }) => ({
      name,
      packages: missingPackages(image.entry.packages ?? []),
    }))
    .filter(({ packages }) => packages.length > 0);
  if (missing.length > 0) {
    const names = missing.map((m) => `"${m.name}"`).join(", ");
    throw new MissingPackageError(
      missing.flatMap((m) => m.packages),
      `unit ${unit}, ${missing.length === 1 ? "container" : "containers"} ${names}`,
    );
  }

  const containers = images.map(({ name, meta, context, image }): ContainerPlan => {
    const { entry } = image;
    const mounts: Mount[] = [];
    for (const mount of meta.mounts) {
      const target = storage.get(mount.storage);
      if (!target)
        throw new WorkloadPodError(`${context}: mounts storage ${mount.storage}, which is not declared`);
      const location = mount.location ?? metadata.storage[mount.storage]?.location;
      if (!location)
        throw new WorkloadPodError(`${context}: the mount of storage ${mount.storage} has no location`);
      assertLocation(context, location);
      target.mounts.push({ container: name, location });
      mounts.push({ containerPath: location, hostPath: target.hostDir, readOnly: false });
    }
    for (const mount of options.extraMounts?.[name] ?? []) {
      assertLocation(context, mount.containerPath);
      if (mounts.some((m) => m.containerPath === mount.containerPath))
        throw new WorkloadPodError(`${context}: two mounts at ${mount.containerPath}`);
      mounts.push({ ...mount });
    }
    // Host files a launcher needs that the system paths do not already show.
    const binds = [...new Set(image.launchers.flatMap((l) => l.target.binds ?? []))].filter(
      (bind) => !isUnder(bind, BASE_SYSTEM_PATHS),
    );
    checkLauncherCommands(context, image, binds);
    mounts.push(...binds.map((bind) => ({ containerPath: bind, hostPath: bind, readOnly: true })));

    const imagePaths = [
      ...(entry.directories ?? []),
      ...(entry.symlinks ?? []).map((link) => link.path),
      ...image.launchers.map((launcher) => launcher.path),
      ...mounts.map((mount) => mount.containerPath),
    ];
    const socketDir = join(stateDir, "sockets", name);
    const socketPath = join(socketDir, "pebble.socket");
    if (Buffer.byteLength(socketPath) > MAX_SOCKET_PATH) {
      throw new WorkloadPodError(
        `${context}: socket path ${socketPath} is longer than ${MAX_SOCKET_PATH} bytes; use a shorter state dir`,
      );
    }
    return {
      name,
      image,
      rootDir: join(stateDir, "containers", name, "root"),
      socketDir,
      socketPath,
      systemPaths: splitSystemPaths(BASE_SYSTEM_PATHS, imagePaths),
      mounts,
      environment: { PATH: DEFAULT_PATH, ...entry.environment },
    };
  });
  return { containers, storage: [...storage.values()] };
}

async function startContainer(plan: ContainerPlan, options: WorkloadPodOptions): Promise<WorkloadContainer> {
  await buildContainerRoot(plan.rootDir, plan.image);
  const { network } = options;
  network?.writeEtc(join(plan.rootDir, "etc"));
  mkdirSync(plan.socketDir, { recursive: true });
  // Juju starts workload Pebbles with --hold: nothing runs before the charm's first replan. This
  // server reads no layers at boot, so its empty plan is exactly that.
  const server = await startPebbleServer({
    socketPath: plan.socketPath,
    rootDir: plan.rootDir,
    sandbox: bubblewrapSandbox({
      bwrapPath: options.bwrapPath,
      systemPaths: plan.systemPaths,
      mounts: plan.mounts,
      ...(network ? { networkNamespace: network.namespacePath } : {}),
      extraCapabilities: options.extraCapabilities?.[plan.name] ?? [],
    }),
    users: new UserDatabase(join(plan.rootDir, "etc")),
    environment: plan.environment,
    clock: options.clock,
    okayDelayMs: options.okayDelayMs,
    ...(network ? { loopbackHost: network.address } : {}),
  });
  return {
    name: plan.name,
    image: plan.image.reference,
    socketDir: plan.socketDir,
    socketPath: plan.socketPath,
    rootDir: server.rootDir,
    server,
  };
}

async function stopContainer(container: WorkloadContainer): Promise<void> {
  await container.server.close();
  // Pebble stops its services' process groups; anything that left its group goes the container's way.
  await killContainerProcesses(container.rootDir);
}

/** Creates the unit's storage and starts every container's Pebble server. */
export async function startWorkloadPod(options: WorkloadPodOptions): Promise<WorkloadPod> {
  const plan = planPod(options);
  for (const storage of plan.storage) mkdirSync(storage.hostDir, { recursive: true });
  const running = new Map<string, WorkloadContainer>();
  try {
    for (const container of plan.containers)
      running.set(container.name, await startContainer(container, options));
  } catch (error) {
    await Promise.allSettled([...running.values()].map(stopContainer));
    throw error;
  }

  // One restart at a time per container; close waits for them.
  const pending = new Map<string, Promise<unknown>>();
  let closing: Promise<void> | undefined;

  const restart = async (containerPlan: ContainerPlan): Promise<WorkloadContainer> => {
    const current = running.get(containerPlan.name);
    running.delete(containerPlan.name);
    if (current) await stopContainer(current);
    const next = await startContainer(containerPlan, options);
    running.set(containerPlan.name, next);
    return next;
  };

  return {
    unit: options.unit,
    get containers() {
      return plan.containers.flatMap((c) => running.get(c.name) ?? []);
    },
    container(name) {
      const container = running.get(name);
      if (!container) throw new WorkloadPodError(`unit ${options.unit} has no running container "${name}"`);
      return container;
    },
    storage: plan.storage,
    restartContainer(name) {
      if (closing) return Promise.reject(new WorkloadPodError(`the pod of unit ${options.unit} is closed`));
      const containerPlan = plan.containers.find((c) => c.name === name);
      if (!containerPlan) {
        return Promise.reject(new WorkloadPodError(`unit ${options.unit} has no container "${name}"`));
      }
      const previous = pending.get(name) ?? Promise.resolve();
      const next = previous.then(() => restart(containerPlan));
      pending.set(
        name,
        next.catch(() => undefined),
      );
      return next;
    },
    close() {
      closing ??= (async () => {
        await Promise.all(pending.values());
        const containers = [...running.values()];
        running.clear();
        await Promise.all(containers.map(stopContainer));
      })();
      return closing;
    },
  };
}
