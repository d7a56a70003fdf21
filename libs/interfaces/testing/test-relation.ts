import {
  createHookLogger,
  type Databag,
  HookTools,
  Relation,
  SecretRedactor,
  type ToolOutput,
  type ToolRunner,
} from "@charmarr/charm";

/**
 * Test double: one relation between `local` (our app, leader) and `remote`, seen through the
 * real HookTools and Relation over an in-memory ToolRunner that speaks relation-get and
 * relation-set as Juju does. Records every relation-set payload and every log line.
 */
export function testRelation(opts: { remote?: Databag; local?: Databag; endpoint?: string } = {}) {
  const bags: Record<string, Databag> = { local: { ...opts.local }, remote: { ...opts.remote } };
  const sets: Databag[] = [];
  const runner: ToolRunner = {
    async run(tool: string, args: readonly string[], input?: string): Promise<ToolOutput> {
      if (tool === "relation-get") {
        const target = args.at(-1) as string;
        return { stdout: JSON.stringify(bags[target] ?? {}), stderr: "", exitCode: 0 };
      }
      if (tool === "relation-set") {
        const data = JSON.parse(input ?? "{}") as Databag;
        sets.push(data);
        for (const [key, value] of Object.entries(data)) {
          if (value === "") delete bags.local![key];
          else bags.local![key] = value;
        }
        return { stdout: "", stderr: "", exitCode: 0 };
      }
      return { stdout: "", stderr: `ERROR unexpected tool ${tool}\n`, exitCode: 1 };
    },
  };
  const logLines: string[] = [];
  const { logger } = createHookLogger({
    redactor: new SecretRedactor(),
    jujuLog: async () => undefined,
    write: (line) => logLines.push(line),
  });
  const endpoint = opts.endpoint ?? "test-endpoint";
  const relation = new Relation(new HookTools(runner), logger, 3, endpoint, {
    app: "local",
    unit: "local/0",
    remoteApp: "remote",
  });
  return {
    relation,
    /** relation-set payloads, in order. */
    sets,
    logLines,
    /** Our app databag as Juju would hold it after the writes. */
    localBag: () => ({ ...bags.local }),
    /** A fresh Relation (new hook): its reads are not cached. */
    nextHook: () =>
      new Relation(new HookTools(runner), logger, 3, endpoint, {
        app: "local",
        unit: "local/0",
        remoteApp: "remote",
      }),
  };
}
