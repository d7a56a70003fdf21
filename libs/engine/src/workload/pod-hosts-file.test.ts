import { describe, expect, it } from "vitest";
import { podHostsFile, podResolvConf } from "./pod-hosts-file";

const names = {
  model: "media",
  pods: [
    { unit: "radarr/10", address: "10.244.3.12" },
    { unit: "radarr/2", address: "10.244.3.4" },
    { unit: "prowlarr/0", address: "10.244.3.2" },
  ],
  services: [
    { app: "radarr", address: "10.244.3.201" },
    { app: "prowlarr", address: "10.244.3.200" },
  ],
};

/** The addresses a name has in the file, as glibc's files backend collects them. */
function lookup(hosts: string, name: string): string[] {
  return hosts
    .split("\n")
    .filter((line) => line && !line.startsWith("#"))
    .map((line) => line.split(/\s+/))
    .filter(([, ...aliases]) => aliases.includes(name))
    .map(([address]) => address ?? "");
}

describe("podHostsFile", () => {
  const hosts = podHostsFile("radarr/2", names);

  it("names every pod by its stable name, long and short", () => {
    expect(lookup(hosts, "prowlarr-0.prowlarr-endpoints.media.svc.cluster.local")).toEqual(["10.244.3.2"]);
    expect(lookup(hosts, "prowlarr-0.prowlarr-endpoints")).toEqual(["10.244.3.2"]);
    expect(lookup(hosts, "radarr-10.radarr-endpoints.media.svc")).toEqual(["10.244.3.12"]);
  });

  it("gives the headless Service every pod of the app, and the Service its ClusterIP", () => {
    expect(lookup(hosts, "radarr-endpoints.media.svc.cluster.local")).toEqual(["10.244.3.4", "10.244.3.12"]);
    expect(lookup(hosts, "radarr-endpoints")).toEqual(["10.244.3.4", "10.244.3.12"]);
    expect(lookup(hosts, "prowlarr.media.svc.cluster.local")).toEqual(["10.244.3.200"]);
    expect(lookup(hosts, "prowlarr")).toEqual(["10.244.3.200"]);
    expect(lookup(hosts, "radarr.media")).toEqual(["10.244.3.201"]);
  });

  it("puts the pod's own hostname first, and localhost on loopback", () => {
    const entries = hosts.split("\n").filter((l) => l && !l.startsWith("#"));
    expect(entries[2]).toBe("10.244.3.4\tradarr-2.radarr-endpoints.media.svc.cluster.local radarr-2");
    expect(lookup(hosts, "localhost")).toEqual(["127.0.0.1", "::1"]);
    // Other pods' bare hostnames do not resolve in Kubernetes either.
    expect(lookup(hosts, "prowlarr-0")).toEqual([]);
  });
});

describe("podResolvConf", () => {
  it("has the search list of a pod in the model's namespace", () => {
    expect(podResolvConf("media")).toContain(
      "search media.svc.cluster.local svc.cluster.local cluster.local\n",
    );
    expect(podResolvConf("media")).toContain("options ndots:5\n");
  });
});
