import { describe, expect, it } from "vitest";
import { serviceAccountDir } from "../testing";
import { inClusterConfig } from "./in-cluster";

const ENV = { KUBERNETES_SERVICE_HOST: "10.152.183.1", KUBERNETES_SERVICE_PORT: "443" };
const FILES = { token: "tok-123\n", ca: "-----BEGIN CERTIFICATE-----\n", namespace: "media\n" };

describe("inClusterConfig", () => {
  it("reads the service URL from the env and the token, CA and namespace from the files", async () => {
    const found = await inClusterConfig({ env: ENV, root: serviceAccountDir(FILES) });
    expect(found).toMatchObject({
      ok: true,
      config: { server: "https://10.152.183.1:443", namespace: "media", ca: FILES.ca },
    });
    expect(found.ok && found.config.token).toBe("tok-123");
  });

  it("keeps the token out of JSON and logs (not enumerable)", async () => {
    const found = await inClusterConfig({ env: ENV, root: serviceAccountDir(FILES) });
    expect(JSON.stringify(found)).not.toContain("tok-123");
    expect(Object.keys(found.ok ? found.config : {})).not.toContain("token");
  });

  it("brackets an IPv6 host", async () => {
    const env = { KUBERNETES_SERVICE_HOST: "fd00::1", KUBERNETES_SERVICE_PORT: "6443" };
    const found = await inClusterConfig({ env, root: serviceAccountDir(FILES) });
    expect(found.ok && found.config.server).toBe("https://[fd00::1]:6443");
  });

  it.each([
    ["no host", { KUBERNETES_SERVICE_PORT: "443" }, FILES, /KUBERNETES_SERVICE_HOST/],
    ["no port", { KUBERNETES_SERVICE_HOST: "10.0.0.1" }, FILES, /KUBERNETES_SERVICE_PORT/],
    ["bad port", { ...ENV, KUBERNETES_SERVICE_PORT: "https" }, FILES, /not a port/],
    ["no token", ENV, { ...FILES, token: undefined }, /no service-account token/],
    ["empty token", ENV, { ...FILES, token: "\n" }, /no service-account token/],
    ["no CA", ENV, { ...FILES, ca: undefined }, /no CA bundle/],
    ["no namespace", ENV, { ...FILES, namespace: undefined }, /no namespace/],
  ])("is not in a cluster with %s: a reason, never a throw", async (_, env, files, reason) => {
    const found = await inClusterConfig({ env, root: serviceAccountDir(files) });
    expect(found.ok).toBe(false);
    expect(!found.ok && found.reason).toMatch(reason);
  });

  it("is not in a cluster when the service-account directory does not exist", async () => {
    await expect(inClusterConfig({ env: ENV, root: "/nonexistent/sa" })).resolves.toMatchObject({
      ok: false,
    });
  });
});
