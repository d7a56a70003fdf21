import { describe, expect, it } from "vitest";
import { parseCharmMeta } from "../model/charm-meta";
import { isObject, type JsonObject } from "./json-value";
import { jujuStatefulSet, podSpecErrors, templateRevision } from "./stateful-set";

const meta = parseCharmMeta(`
name: radarr
containers:
  radarr-4k-not-the-key: {resource: image}
  radarr: {resource: image, mounts: [{storage: config, location: /config}]}
resources: {image: {type: oci-image, upstream-source: "lscr.io/linuxserver/radarr:6"}}
storage: {config: {type: filesystem}}
`);

describe("jujuStatefulSet", () => {
  it("names containers after the metadata keys, after the charm container", () => {
    const sts = jujuStatefulSet({
      app: "radarr-4k",
      namespace: "media",
      meta,
      units: 2,
      images: { image: "x:1" },
    });
    const spec = sts.spec as JsonObject;
    const pod = ((spec.template as JsonObject).spec as JsonObject).containers as JsonObject[];
    expect(pod.map((c) => c.name)).toEqual(["charm", "radarr-4k-not-the-key", "radarr"]);
    expect(pod[2]?.image).toBe("x:1");
    expect(spec).toMatchObject({
      replicas: 2,
      serviceName: "radarr-4k-endpoints",
      podManagementPolicy: "Parallel",
    });
  });

  it("gives a template revision that changes with the template only", () => {
    expect(templateRevision("a", { x: 1 })).toBe(templateRevision("a", { x: 1 }));
    expect(templateRevision("a", { x: 1 })).not.toBe(templateRevision("a", { x: 2 }));
  });
});

describe("podSpecErrors", () => {
  it("refuses a volume with two sources and a hostPath type Kubernetes does not know", () => {
    const errors = podSpecErrors(
      {
        containers: [{ name: "a", image: "i" }],
        volumes: [
          { name: "v", hostPath: { path: "/x", type: "Dir" } },
          { name: "w", emptyDir: {}, hostPath: { path: "/y" } },
        ],
      },
      "spec",
    );
    expect(errors.map((e) => `${e.field}: ${e.message}`)).toEqual([
      'spec.volumes[0].hostPath.type: Unsupported value: "Dir": supported values: "", "DirectoryOrCreate", "Directory", "FileOrCreate", "File", "Socket", "CharDevice", "BlockDevice"',
      "spec.volumes[1].hostPath: Forbidden: may not specify more than 1 volume type",
    ]);
    expect(errors.every((e) => isObject(e))).toBe(true);
  });
});
