import { parseArgs } from "node:util";
import { startApiServer } from "../api/api-server";
import { EmbeddedHost } from "../runtime/embedded-host";
import { defaultHomeDir, homeLayout, UnsafePermissionsError } from "../state/home";
import { adminPassword, processAlive, readControllerInfo, writeControllerInfo } from "./controller-info";

// The embedded controller as a process of its own: `charmarr-controller [--home DIR]`. `charmarr
// up` starts it in the background with its output in controller/controller.log; SIGTERM (`charmarr
// down`) stops it and keeps its state. One controller per home.

const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);

export async function runController(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: { home: { type: "string" }, port: { type: "string" } },
  });
  const home = values.home ?? defaultHomeDir();
  const { controllerDir } = homeLayout(home);
  const previous = readControllerInfo(controllerDir);
  if (previous && previous.pid !== process.pid && processAlive(previous.pid))
    throw new Error(`a controller already runs for ${home} (pid ${previous.pid}): charmarr down first`);

  const host = await EmbeddedHost.open({ home });
  const password = adminPassword(previous);
  const api = await startApiServer({
    host,
    password,
    modelName: host.model.name,
    port: values.port === undefined ? 0 : Number(values.port),
    log,
  });
  const info = {
    endpoint: api.url,
    "controller-uuid": host.controllerUuid,
    "model-uuid": host.model.uuid,
    "model-name": host.model.name,
    user: "admin" as const,
    password,
    pid: process.pid,
  };
  writeControllerInfo(controllerDir, info);
  log(`controller ${host.controllerUuid} serves model ${host.model.name} at ${api.url}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping (the state stays in ${home})`);
    try {
      await api.close();
      await host.close();
      writeControllerInfo(controllerDir, { ...info, pid: 0 });
      log("stopped");
      process.exit(0);
    } catch (err) {
      log(`stopping failed: ${(err as Error).message}`);
      process.exit(1);
    }
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

/** The bin's entry: a one-line error and exit code 1 instead of a stack trace. */
export function main(): void {
  runController(process.argv.slice(2)).catch((err: unknown) => {
    const message = err instanceof UnsafePermissionsError || err instanceof Error ? err.message : String(err);
    process.stderr.write(`charmarr-controller: ${message}\n`);
    process.exit(1);
  });
}
