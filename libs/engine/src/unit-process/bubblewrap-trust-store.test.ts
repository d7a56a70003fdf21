import { describe, expect, it } from "vitest";
import { bubblewrapLauncher } from "./bubblewrap-launcher";

// The charm container's trust store: a pod with a CA bundle has it bound over the system one;
// a pod without keeps the host's.

const launch = (caBundle?: string) =>
  bubblewrapLauncher({ bwrapPath: "/usr/bin/bwrap" }).command({
    executable: "/charm/dispatch",
    cwd: "/tmp/charm",
    containers: {},
    network: {
      namespacePath: "/run/netns/pod",
      etcDir: "/tmp/pod/charm-etc",
      ...(caBundle ? { caBundle } : {}),
    },
  }).args;

describe("bubblewrap launcher trust store", () => {
  it("binds the pod's CA bundle read-only over /etc/ssl/certs/ca-certificates.crt", () => {
    const args = launch("/tmp/pod/charm-etc/ca-certificates.crt");
    const at = args.indexOf("/etc/ssl/certs/ca-certificates.crt");
    expect(args.slice(at - 2, at + 1)).toEqual([
      "--ro-bind",
      "/tmp/pod/charm-etc/ca-certificates.crt",
      "/etc/ssl/certs/ca-certificates.crt",
    ]);
  });

  it("leaves the host's store alone without one", () => {
    expect(launch()).not.toContain("/etc/ssl/certs/ca-certificates.crt");
  });
});
