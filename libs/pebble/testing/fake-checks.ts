/**
 * TEST FIXTURE: check status (spec A.9) derived from the plan, with start/stop and a knob to
 * set a check's status.
 */
import type { FakePlan } from "./fake-plan";
import { badRequest } from "./wire-responses";

type Obj = Record<string, unknown>;

interface CheckState {
  running: boolean;
  status: "up" | "down";
  failures: number;
  changeId?: string;
}

export class FakeChecks {
  readonly #state = new Map<string, CheckState>();
  #nextChange = 1000;

  constructor(readonly plan: FakePlan) {}

  #stateOf(name: string, check: Obj): CheckState {
    let state = this.#state.get(name);
    if (!state) {
      const running = check.startup !== "disabled";
      state = {
        running,
        status: "up",
        failures: 0,
        changeId: running ? String(this.#nextChange++) : undefined,
      };
      this.#state.set(name, state);
    }
    return state;
  }

  /** Knob: make a check fail (down) or recover (up). */
  setStatus(name: string, status: "up" | "down", failures = status === "down" ? 3 : 0): void {
    const check = this.plan.combined().checks[name];
    if (!check) throw new Error(`fixture: no check ${name}`);
    Object.assign(this.#stateOf(name, check), { status, failures });
  }

  list(level: string | null, names: string[]): Obj[] {
    if (level !== null && level !== "alive" && level !== "ready")
      throw badRequest(`level must be "alive" or "ready"`);
    const checks = this.plan.combined().checks;
    return Object.keys(checks)
      .filter((name) => names.length === 0 || names.includes(name))
      .filter((name) => level === null || checks[name]?.level === level)
      .sort()
      .map((name) => {
        const check = checks[name] as Obj;
        const state = this.#stateOf(name, check);
        const out: Obj = { name };
        if (check.level) out.level = check.level;
        out.startup = check.startup === "disabled" ? "disabled" : "enabled";
        out.status = state.running ? state.status : "inactive";
        out.successes = 0;
        if (state.failures) out.failures = state.failures;
        out.threshold = check.threshold;
        if (state.changeId) out["change-id"] = state.changeId;
        return out;
      });
  }

  act(action: unknown, names: unknown): { changed: string[] } {
    if (action !== "start" && action !== "stop") throw badRequest(`invalid action "${String(action)}"`);
    const requested = Array.isArray(names) ? names.map(String) : [];
    if (requested.length === 0) throw badRequest("must specify checks");
    const checks = this.plan.combined().checks;
    const missing = requested.filter((n) => !checks[n]);
    if (missing.length) throw badRequest(`cannot find checks: ${missing.join(", ")}`);
    const changed: string[] = [];
    for (const name of requested) {
      const state = this.#stateOf(name, checks[name] as Obj);
      if (state.running === (action === "start")) continue;
      state.running = action === "start";
      state.changeId = state.running ? String(this.#nextChange++) : undefined;
      changed.push(name);
    }
    return { changed: changed.sort() };
  }
}
