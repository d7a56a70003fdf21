import { describe, expect, it } from "vitest";
import { jsonOutput, jujuError, RecordingToolRunner } from "../../testing/recording-tool-runner";
import { ModelError } from "./hook-tool-error";
import { HookTools } from "./hook-tools";

describe("credential-get", () => {
  it("reads the cloud spec", async () => {
    const runner = new RecordingToolRunner({
      "credential-get": jsonOutput({
        type: "kubernetes",
        name: "microk8s",
        endpoint: "https://10.0.0.1:16443",
        credential: { "auth-type": "certificate", attrs: { Token: "t" }, redacted: ["Token"] },
        cacertificates: ["-----BEGIN CERTIFICATE-----"],
        "skip-tls-verify": false,
        "is-controller-cloud": true,
      }),
    });
    await expect(new HookTools(runner).credentialGet()).resolves.toEqual({
      type: "kubernetes",
      name: "microk8s",
      endpoint: "https://10.0.0.1:16443",
      credential: { authType: "certificate", attrs: { Token: "t" }, redacted: ["Token"] },
      caCertificates: ["-----BEGIN CERTIFICATE-----"],
      skipTlsVerify: false,
      isControllerCloud: true,
    });
    expect(runner.onlyCall.args).toEqual(["--format=json"]);
  });

  it("fails without juju trust", async () => {
    const runner = new RecordingToolRunner({
      "credential-get": jujuError("cannot access cloud credentials"),
    });
    await expect(new HookTools(runner).credentialGet()).rejects.toThrow(ModelError);
  });
});
