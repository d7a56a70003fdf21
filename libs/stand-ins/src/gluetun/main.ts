import { ControlAuthError } from "./control-auth";
import { GluetunSettingsError, readGluetunSettings, settingsSummary } from "./gluetun-settings";
import { startGluetunStandIn } from "./gluetun-stand-in";
import { settingsReader } from "./settings-reader";
import { tunDeviceProblem } from "./tun-device-check";

// Gluetun's process at /gluetun-entrypoint: settings read once (secret files, /run/secrets, env),
// the TUN device and NET_ADMIN required, then the servers. `/gluetun-entrypoint healthcheck` asks
// the health server, as the image's HEALTHCHECK does. Exits 1 when it cannot start, 0 on SIGTERM.

const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);

async function healthcheck(): Promise<never> {
  const read = settingsReader({ env: process.env });
  const address = read("HEALTH_SERVER_ADDRESS") ?? "127.0.0.1:9999";
  const url = `http://${address.startsWith(":") ? `127.0.0.1${address}` : address}/`;
  try {
    const response = await fetch(url);
    if (response.ok) process.exit(0);
    console.error(`unhealthy: ${(await response.text()).trim()}`);
  } catch (error) {
    console.error(`unhealthy: ${(error as Error).message}`);
  }
  process.exit(1);
}

async function main(args: readonly string[]): Promise<void> {
  if (args[0] === "healthcheck") await healthcheck();
  log("INFO [main] Gluetun stand-in v3.41.1 (charmarr)");
  let settings: ReturnType<typeof readGluetunSettings>;
  try {
    settings = readGluetunSettings(settingsReader({ env: process.env }));
  } catch (error) {
    if (!(error instanceof GluetunSettingsError)) throw error;
    log(`ERROR ${error.message}`);
    process.exit(1);
  }
  log(settingsSummary(settings));
  const problem = tunDeviceProblem();
  if (problem) {
    log(`ERROR ${problem}`);
    process.exit(1);
  }
  let standIn: Awaited<ReturnType<typeof startGluetunStandIn>>;
  try {
    standIn = await startGluetunStandIn({ settings, logLine: log });
  } catch (error) {
    const where = error instanceof ControlAuthError ? "http server: auth: " : "";
    log(`ERROR ${where}${(error as Error).message}`);
    process.exit(1);
  }
  log("INFO [vpn] You are running the Gluetun stand-in: no VPN is dialled; connections leave from the pod");
  const stop = () => {
    log("INFO [main] shutting down");
    standIn.close().then(() => process.exit(0));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

await main(process.argv.slice(2));
