import { type ControlAuth, loadControlAuth } from "./control-auth";
import { type ControlServer, startControlServer } from "./control-server";
import type { GluetunSettings } from "./gluetun-settings";
import { type HealthServer, startHealthServer } from "./health-server";
import { type HttpProxy, startHttpProxy } from "./http-proxy";
import { podAddress } from "./public-ip";
import { VpnTunnel } from "./vpn-tunnel";

// The stand-in's servers, in-process: control server, health server and (HTTPPROXY=on) the proxy,
// all following one tunnel state. main.ts runs it as Gluetun's process; tests may start it directly.

export interface GluetunStandInOptions {
  settings: GluetunSettings;
  /** Where Gluetun's log lines go (stdout in the process). */
  logLine: (line: string) => void;
  /** The exit IP; default the pod's own IPv4 address. */
  publicIp?: () => string;
  /** The control server auth; default read from the settings' TOML path and default role. */
  auth?: ControlAuth;
}

export interface GluetunStandIn {
  readonly tunnel: VpnTunnel;
  readonly controlPort: number;
  readonly healthPort: number;
  /** undefined when HTTPPROXY is off. */
  readonly proxyPort: number | undefined;
  close(): Promise<void>;
}

export async function startGluetunStandIn(options: GluetunStandInOptions): Promise<GluetunStandIn> {
  const { settings, logLine } = options;
  const auth =
    options.auth ??
    loadControlAuth(settings.controlServer.authConfigPath, settings.controlServer.authDefaultRole);
  if (auth.publicRole)
    logLine(
      `WARN [http server] no role defined in ${settings.controlServer.authConfigPath}: the built-in "public" role with no authentication is used for the control server routes`,
    );
  const tunnel = new VpnTunnel();
  tunnel.on("change", (status) => logLine(`INFO [vpn] ${status === "running" ? "starting" : "stopping"}`));
  const started: { close(): Promise<void> }[] = [];
  try {
    const health: HealthServer = await startHealthServer(settings.health.listen, tunnel);
    started.push(health);
    logLine(`INFO [healthcheck] listening on ${settings.health.listen.host ?? ""}:${health.port}`);
    const control: ControlServer = await startControlServer({
      listen: settings.controlServer.listen,
      auth,
      tunnel,
      vpnType: settings.vpnType,
      publicIp: options.publicIp ?? (() => podAddress()),
      ...(settings.controlServer.log ? { logLine } : {}),
    });
    started.push(control);
    logLine(`INFO [http server] http server listening on [::]:${control.port}`);
    let proxy: HttpProxy | undefined;
    if (settings.httpProxy.enabled) {
      proxy = await startHttpProxy({
        listen: settings.httpProxy.listen,
        user: settings.httpProxy.user,
        password: settings.httpProxy.password,
        tunnel,
        log: settings.httpProxy.log,
        logLine,
      });
      started.push(proxy);
      logLine(`INFO [http proxy] listening on :${proxy.port}`);
    }
    const exitIp = (options.publicIp ?? (() => podAddress()))();
    logLine(`INFO [ip getter] Public IP address is ${exitIp || "unknown"}`);
    return {
      tunnel,
      controlPort: control.port,
      healthPort: health.port,
      proxyPort: proxy?.port,
      close: async () => {
        await Promise.all(started.map((server) => server.close()));
      },
    };
  } catch (error) {
    await Promise.all(started.map((server) => server.close()));
    throw error;
  }
}
