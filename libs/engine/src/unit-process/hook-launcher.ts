/** A hook exactly as Juju would exec it: the handler's path alone, in the charm dir. */
export interface HookLaunch {
  executable: string;
  cwd: string;
  /** Container name → host directory holding that container's `pebble.socket`. */
  containers: Readonly<Record<string, string>>;
  /**
   * Host directory of the app's service-account files (`token`, `ca.crt`, `namespace`), shown
   * read-only at /var/run/secrets/kubernetes.io/serviceaccount by launchers that can mount; the
   * plain launcher leaves it out (its hooks see no in-cluster files).
   */
  serviceAccountDir?: string;
  /** The pod's network, when it has its own namespace: the charm container runs in it. */
  network?: HookNetwork;
}

/** The charm container's share of its pod's network. */
export interface HookNetwork {
  /** `/run/netns/<pod>`: entered with nsenter. */
  namespacePath: string;
  /** Host directory with the pod's `hosts` and `resolv.conf`, bound over /etc's. */
  etcDir: string;
  /** The pod's CA bundle, bound over /etc/ssl/certs/ca-certificates.crt (when the pod has one). */
  caBundle?: string;
}

/** `nsenter --net=<ns> -- <file> <args>`: nsenter execs the command in place (same pid, same fds). */
export function inNetworkNamespace(command: LaunchCommand, network: HookNetwork | undefined): LaunchCommand {
  if (!network) return command;
  return { file: "nsenter", args: [`--net=${network.namespacePath}`, "--", command.file, ...command.args] };
}

/** The command that starts a launch; it is spawned with Juju's env in a process group of its own. */
export interface LaunchCommand {
  file: string;
  args: string[];
}

/**
 * How a hook process is started: plainly on the host, or in a sandbox that shows it the paths
 * a Kubernetes charm container has (`/charm/containers/<name>/pebble.socket`), so charm code
 * needs no test switches.
 */
export interface HookLauncher {
  readonly name: string;
  command(launch: HookLaunch): LaunchCommand;
}

/** Runs the handler directly on the host. It cannot show container sockets at their Kubernetes paths. */
export function plainLauncher(): HookLauncher {
  return {
    name: "plain",
    command(launch) {
      const names = Object.keys(launch.containers);
      if (names.length) {
        throw new Error(
          `the plain launcher cannot mount container sockets (${names.join(", ")}): use bubblewrapLauncher()`,
        );
      }
      // The pod's network, without its names: the plain launcher cannot bind /etc/hosts.
      return inNetworkNamespace({ file: launch.executable, args: [] }, launch.network);
    },
  };
}
