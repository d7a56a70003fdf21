import { describe, expect, it } from "vitest";
import { allowedByJujuRbac } from "./kube-rbac";

describe("Juju's RBAC", () => {
  const untrusted = (
    verb: string,
    resource: string,
    namespace?: string,
    extra: { name?: string; subresource?: string } = {},
  ) => allowedByJujuRbac(false, "media", { verb, resource, ...(namespace ? { namespace } : {}), ...extra });

  it("lets an untrusted app read its pods and services, patch them, exec, and see its namespace", () => {
    expect(untrusted("get", "pods", "media")).toBe(true);
    expect(untrusted("patch", "services", "media")).toBe(true);
    expect(untrusted("create", "pods", "media", { subresource: "exec" })).toBe(true);
    expect(untrusted("get", "namespaces", undefined, { name: "media" })).toBe(true);
  });

  it("refuses an untrusted app everything else, its own StatefulSet included", () => {
    expect(untrusted("get", "statefulsets", "media")).toBe(false);
    expect(untrusted("delete", "pods", "media")).toBe(false);
    expect(untrusted("get", "pods", "other")).toBe(false);
    expect(untrusted("get", "persistentvolumes")).toBe(false);
    expect(untrusted("get", "namespaces", undefined, { name: "other" })).toBe(false);
  });

  it("lets a trusted app do anything anywhere", () => {
    expect(allowedByJujuRbac(true, "media", { verb: "delete", resource: "persistentvolumes" })).toBe(true);
  });
});
