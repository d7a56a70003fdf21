import { KubeApiError, KubeRequestError } from "./kube-errors";

/** What a failed call means for the charm's status, and the message that says what to do. */
export interface KubeFailure {
  status: "blocked" | "waiting";
  message: string;
}

/** The trust every call past reading the namespace needs (Juju's default RBAC, spec §2). */
export function trustHint(app: string): string {
  return `needs cluster trust: juju trust ${app} --scope=cluster`;
}

/**
 * A failed Kubernetes call as a status: 403 is the trust hint (never a hook error), any other
 * refusal Blocked with the API's own words, and what may pass (429, 5xx, the network, a timeout)
 * Waiting for the next hook. Undefined for an error that is not a Kubernetes call's: the caller
 * rethrows it.
 */
export function kubeFailure(err: unknown, app: string): KubeFailure | undefined {
  if (err instanceof KubeApiError) {
    if (err.code === 403) return { status: "blocked", message: trustHint(app) };
    if (err.code !== 429 && err.code < 500) {
      return {
        status: "blocked",
        message: `Kubernetes refused a call (${err.code} ${err.reason}): ${err.message}`,
      };
    }
  }
  if (err instanceof KubeApiError || err instanceof KubeRequestError) {
    return {
      status: "waiting",
      message: `Kubernetes API unavailable (${err.message}); trying again on the next hook`,
    };
  }
  return undefined;
}

/** The parts of a charm's context a report needs (structural: this library knows no charm). */
export interface FailureReporter {
  log: { warn(fields: object, message: string): void };
  status: Record<KubeFailure["status"], (message: string) => void>;
}

/**
 * Sets the status a failed call calls for (a passing failure also warned in the log) and
 * returns true; false for an error that is not a Kubernetes call's, which the caller rethrows.
 */
export function reportKubeFailure(ctx: FailureReporter, app: string, err: unknown): boolean {
  const failure = kubeFailure(err, app);
  if (!failure) return false;
  if (failure.status === "waiting") ctx.log.warn({ err: failure.message }, "Kubernetes API call failed");
  ctx.status[failure.status](failure.message);
  return true;
}
