import { homedir } from "node:os";
import { join } from "node:path";
import { InvalidConfigFileError } from "./config-document";
import { isServarrKind, SERVARR_KINDS, SERVARR_PROFILES } from "./servarr-kind";
import { startServarrStandIn } from "./servarr-server";

// The stand-in as a process: `<radarr|sonarr|prowlarr> [-nobrowser] [-data=DIR]`, the arguments
// the LinuxServer images pass the real binary (-data also as /data= or --data=). Logs like the app
// on stdout (never a key, never a query string); exits 0 on SIGTERM or SIGINT, 1 when it cannot start.

const log = (level: string, source: string, message: string) =>
  console.log(`[${level}] ${source}: ${message}`);

function dataDirOf(args: readonly string[], appName: string): string {
  for (const arg of args) {
    const match = /^(?:--?|\/)data=(.+)$/i.exec(arg);
    if (match?.[1]) return match[1];
  }
  const configHome = process.env.XDG_CONFIG_HOME || join(homedir(), ".config");
  return join(configHome, appName);
}

async function main(argv: readonly string[]): Promise<void> {
  const [kind, ...args] = argv;
  if (kind === undefined || !isServarrKind(kind)) {
    console.error(`usage: servarr-stand-in <${SERVARR_KINDS.join("|")}> [-nobrowser] [-data=DIR]`);
    process.exit(2);
  }
  const profile = SERVARR_PROFILES[kind];
  const dataDir = dataDirOf(args, profile.appName);
  log("Info", "Bootstrap", `Starting ${profile.appName} - ${profile.binary} - Version ${profile.version}`);
  log("Info", "AppFolderInfo", `Data directory is being overridden to [${dataDir}]`);
  let standIn: Awaited<ReturnType<typeof startServarrStandIn>>;
  try {
    standIn = await startServarrStandIn({
      kind,
      dataDir,
      env: process.env,
      // The console gets Info and above, as the app's default console log level.
      log: (level, source, message) => {
        if (level !== "Debug") log(level, source, message);
      },
    });
  } catch (error) {
    const reason = error instanceof InvalidConfigFileError ? error.message : `${(error as Error).message}`;
    console.error(`[Fatal] ConsoleApp: ${reason}`);
    process.exit(1);
  }
  const host = standIn.address.includes(":") ? `[${standIn.address}]` : standIn.address;
  log("Info", "Microsoft.Hosting.Lifetime", `Now listening on: http://${host}:${standIn.port}`);
  log("Info", "Microsoft.Hosting.Lifetime", "Application started. Press Ctrl+C to shut down.");
  const stop = () => {
    log("Info", "Microsoft.Hosting.Lifetime", "Application is shutting down...");
    standIn.close().then(() => process.exit(0));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

await main(process.argv.slice(2));
