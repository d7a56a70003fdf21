import { notFound, problem } from "./http-exchange";

// `POST /command` (specs/app-apis.md §c): the app answers 201 with the queued command and runs it
// on its command threads a moment later; `GET /command/{id}` shows how it went.

export type CommandHandler = (body: Readonly<Record<string, unknown>>) => void | Promise<void>;

type Status = "queued" | "started" | "completed" | "failed";

interface CommandRecord {
  id: number;
  name: string;
  body: Record<string, unknown>;
  status: Status;
  queued: Date;
  started?: Date;
  ended?: Date;
  message?: string;
}

/** "ResetApiKey" → "Reset Api Key", as the app's commandName. */
const splitCamel = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, "$1 $2");

function duration(from: Date, to: Date): string {
  const ms = to.getTime() - from.getTime();
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  const seconds = Math.floor(ms / 1000);
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}.${pad((ms % 1000) * 10_000, 7)}`;
}

export class CommandQueue {
  private readonly records = new Map<number, CommandRecord>();
  private readonly running = new Set<Promise<void>>();
  private nextId = 1;

  constructor(
    private readonly handlers: Readonly<Record<string, CommandHandler>>,
    /** Whether resources carry `result` (Radarr and Sonarr do, Prowlarr does not). */
    private readonly withResult: boolean,
  ) {}

  /** Queues a command from a POST body and runs it asynchronously. */
  start(body: Record<string, unknown>): Record<string, unknown> {
    const requested = typeof body.name === "string" ? body.name : "";
    const name = Object.keys(this.handlers).find((known) => known.toLowerCase() === requested.toLowerCase());
    if (!name) throw problem(400, `Unknown command: ${requested || "(no name)"}`);
    const record: CommandRecord = { id: this.nextId++, name, body, status: "queued", queued: new Date() };
    this.records.set(record.id, record);
    const work = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.run(record));
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
    return this.render(record);
  }

  get(id: number): Record<string, unknown> {
    const record = this.records.get(id);
    if (!record) throw notFound();
    return this.render(record);
  }

  list(): Record<string, unknown>[] {
    return [...this.records.values()].map((record) => this.render(record));
  }

  /** Resolves once every queued command has run. */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  private async run(record: CommandRecord): Promise<void> {
    record.status = "started";
    record.started = new Date();
    try {
      await this.handlers[record.name]?.(record.body);
      record.status = "completed";
      record.message = "Completed";
    } catch (error) {
      record.status = "failed";
      record.message = (error as Error).message;
    }
    record.ended = new Date();
  }

  private render(record: CommandRecord): Record<string, unknown> {
    const stateChangeTime = record.ended ?? record.started ?? record.queued;
    return {
      id: record.id,
      name: record.name,
      commandName: splitCamel(record.name),
      message: record.message,
      body: {
        ...record.body,
        sendUpdatesToClient: false,
        updateScheduledTask: true,
        completionMessage: "Completed",
        requiresDiskAccess: false,
        isExclusive: false,
        isTypeExclusive: false,
        isLongRunning: false,
        name: record.name,
        trigger: "manual",
        suppressMessages: false,
      },
      priority: "normal",
      status: record.status,
      ...(this.withResult && record.ended
        ? { result: record.status === "completed" ? "successful" : "unsuccessful" }
        : this.withResult
          ? { result: "unknown" }
          : {}),
      queued: record.queued.toISOString(),
      started: record.started?.toISOString(),
      ended: record.ended?.toISOString(),
      duration: record.started && record.ended ? duration(record.started, record.ended) : undefined,
      trigger: "manual",
      stateChangeTime: stateChangeTime.toISOString(),
      sendUpdatesToClient: false,
      updateScheduledTask: true,
    };
  }
}
