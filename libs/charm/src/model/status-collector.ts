/**
 * Status is collected during a hook and set once at the end: the worst reported status wins
 * (blocked > waiting > maintenance > active), as ops' collect-status does. One status-set
 * call per hook instead of one per step.
 */
export type StatusName = "active" | "maintenance" | "waiting" | "blocked";

export interface Status {
  name: StatusName;
  message: string;
}

const SEVERITY: Record<StatusName, number> = { active: 0, maintenance: 1, waiting: 2, blocked: 3 };

/**
 * The longest status message a hook sets. Messages carry text from elsewhere (an app's error,
 * another app's names): unbounded, one could not even be passed to status-set (argv), and the
 * hook would fail for good.
 */
export const MAX_STATUS_MESSAGE = 1024;

/** `text` cut to `max` characters, the cut marked with an ellipsis. */
export function bounded(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export class StatusCollector {
  readonly #reported: Status[] = [];

  add(name: StatusName, message = ""): void {
    this.#reported.push({ name, message });
  }
  active(message = ""): void {
    this.add("active", message);
  }
  maintenance(message: string): void {
    this.add("maintenance", message);
  }
  waiting(message: string): void {
    this.add("waiting", message);
  }
  blocked(message: string): void {
    this.add("blocked", message);
  }

  /** The worst status reported; ties keep the first reported. Undefined when none was. */
  worst(): Status | undefined {
    let worst: Status | undefined;
    for (const status of this.#reported) {
      if (!worst || SEVERITY[status.name] > SEVERITY[worst.name]) worst = status;
    }
    return worst;
  }

  all(): readonly Status[] {
    return this.#reported;
  }
}
