import { describe, expect, it } from "vitest";
import { KubeApiError, KubeRequestError } from "./kube-errors";
import { kubeFailure, reportKubeFailure } from "./kube-failure";

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

describe("reportKubeFailure", () => {
  const reporter = () => {
    const seen: string[] = [];
    return {
      seen,
      log: { warn: (_fields: object, message: string) => seen.push(`log: ${message}`) },
      status: {
        blocked: (message: string) => seen.push(`blocked: ${message}`),
        waiting: (message: string) => seen.push(`waiting: ${message}`),
      },
    };
  };

  it("sets the status; only a passing failure is also warned", () => {
    const ctx = reporter();
    expect(reportKubeFailure(ctx, "gluetun", api(403, "Forbidden"))).toBe(true);
    expect(reportKubeFailure(ctx, "gluetun", api(503, "ServiceUnavailable"))).toBe(true);
    expect(ctx.seen).toEqual([
      "blocked: needs cluster trust: juju trust gluetun --scope=cluster",
      "log: Kubernetes API call failed",
      "waiting: Kubernetes API unavailable (ServiceUnavailable says no); trying again on the next hook",
    ]);
  });

  it("leaves an error that is not a Kubernetes call's to the caller", () => {
    const ctx = reporter();
    expect(reportKubeFailure(ctx, "gluetun", new TypeError("bug"))).toBe(false);
    expect(ctx.seen).toEqual([]);
  });
});
