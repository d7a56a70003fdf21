import { describe, expect, it } from "vitest";
import { KubeApiError, KubeRequestError } from "./kube-errors";
import { kubeFailure } from "./kube-failure";

const api = (code: number, reason: string) => new KubeApiError(code, reason, `${reason} says no`, undefined);

describe("kubeFailure", () => {
  it("turns 403 into the trust command", () => {
    expect(kubeFailure(api(403, "Forbidden"), "radarr")).toEqual({
      status: "blocked",
      message: "needs cluster trust: juju trust radarr --scope=cluster",
    });
  });

  it("blocks on other refusals with the API's words", () => {
    expect(kubeFailure(api(422, "Invalid"), "radarr")).toEqual({
      status: "blocked",
      message: "Kubernetes refused a call (422 Invalid): Invalid says no",
    });
  });

  it("waits on what may pass", () => {
    for (const err of [
      api(429, "TooManyRequests"),
      api(503, "ServiceUnavailable"),
      new KubeRequestError("timeout", "timed out"),
    ]) {
      expect(kubeFailure(err, "radarr")?.status).toBe("waiting");
    }
  });

  it("leaves other errors to the caller", () => {
    expect(kubeFailure(new TypeError("bug"), "radarr")).toBeUndefined();
  });
});
