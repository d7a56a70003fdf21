/**
 * TEST FIXTURE: service state and actions (spec A.4): validation errors with Pebble's texts,
 * replan restarting changed services and starting enabled ones, idempotent start/stop, and a
 * knob to make a service fail to start (the change then ends in `Error`).
 */
import type { ChangeStore } from "./fake-changes";
import type { FakePlan } from "./fake-plan";
import { badRequest } from "./wire-responses";

type Obj = Record<string, unknown>;

const title = (action: string) => action[0]?.toUpperCase() + action.slice(1);

export class FakeServices {
  /** Running services and the config they were started with (JSON), to detect replan changes. */
  readonly running = new Map<string, string>();
  /** Services whose start fails as a process exiting within the 1 s okay delay. */
  readonly failToStart = new Set<string>();
  /** Delay before a service change is ready (0 = ready at once, like a quick start). */
  changeDelayMs = 0;
  readonly signals: { signal: string; services: string[] }[] = [];

  constructor(
    readonly plan: FakePlan,
    readonly changes: ChangeStore,
  ) {}

  list(names: string[]): Obj[] {
    const services = this.plan.combined().services;
    return Object.keys(services)
      .filter((name) => names.length === 0 || names.includes(name))
      .sort()
      .map((name) => ({
        name,
        startup: services[name]?.startup === "enabled" ? "enabled" : "disabled",
        current: this.running.has(name) ? "active" : "inactive",
      }));
  }

  /** POST /v1/services → change id. */
  act(action: unknown, names: unknown): string {
    const services = this.plan.combined().services;
    const requested = Array.isArray(names) ? names.map(String) : [];
    const enabled = Object.keys(services)
      .filter((n) => services[n]?.startup === "enabled")
      .sort();
    let stops: string[] = [];
    let starts: string[] = [];
    switch (action) {
      case "replan":
      case "autostart": {
        if (requested.length) throw badRequest(`${action} accepts no service names`);
        if (action === "autostart" && enabled.length === 0) {
          throw badRequest("no default services", "no-default-services");
        }
        if (action === "replan") {
          stops = [...this.running.keys()].filter((n) => this.running.get(n) !== JSON.stringify(services[n]));
        }
        starts = [...new Set([...stops, ...enabled])].sort();
        break;
      }
      case "start":
      case "stop":
      case "restart": {
        if (requested.length === 0) throw badRequest(`must specify services for ${action} action`);
        for (const name of requested) {
          if (!services[name])
            throw badRequest(`cannot ${action} services: service "${name}" does not exist`);
        }
        if (action !== "start") stops = requested.filter((n) => action === "stop" || this.running.has(n));
        if (action !== "stop") starts = requested;
        break;
      }
      default:
        throw badRequest(`invalid action "${String(action)}"`);
    }
    const tasks = [
      ...stops.map((n) => ({ kind: "stop", summary: `Stop service "${n}"` })),
      ...starts.map((n) => ({ kind: "start", summary: `Start service "${n}"` })),
    ];
    const affected = [...new Set([...stops, ...starts])];
    const summary =
      affected.length === 0
        ? `${title(String(action))} - no services`
        : `${title(String(action))} service "${affected[0]}"${affected.length > 1 ? ` and ${affected.length - 1} more` : ""}`;
    const change = this.changes.create(String(action), summary, tasks, { "service-names": affected });
    const finish = () => {
      for (const name of stops) this.running.delete(name);
      const outcomes = [
        ...stops.map(() => ({})),
        ...starts.map((name) => {
          if (this.failToStart.has(name)) {
            return { error: "service start attempt: exited quickly with code 1, will restart" };
          }
          this.running.set(name, JSON.stringify(services[name]));
          return {};
        }),
      ];
      this.changes.finish(change.id, outcomes);
    };
    if (this.changeDelayMs > 0) setTimeout(finish, this.changeDelayMs);
    else finish();
    return change.id;
  }

  /** POST /v1/signals. */
  signal(signal: unknown, names: unknown): void {
    if (typeof signal !== "string" || !/^SIG[A-Z0-9]+$/.test(signal)) {
      throw badRequest(`cannot send signal: invalid signal name "${String(signal)}"`);
    }
    const requested = Array.isArray(names) ? names.map(String) : [];
    if (requested.length === 0) throw badRequest("must specify one or more services");
    for (const name of requested) {
      if (!this.running.has(name))
        throw badRequest(`cannot send signal to "${name}": service is not running`);
    }
    this.signals.push({ signal, services: requested });
  }
}
