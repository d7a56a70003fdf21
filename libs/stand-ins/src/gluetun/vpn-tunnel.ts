import { EventEmitter } from "node:events";

// The stand-in's "tunnel": no VPN is dialled, but its state is Gluetun's (PUT /v1/vpn/status stops
// and starts it) and everything that needs the tunnel (the proxy, the health server, the public IP)
// follows it. Listeners hear each change, so open CONNECT tunnels close when it goes down.

export type VpnStatus = "starting" | "running" | "stopping" | "stopped" | "crashed";

export class VpnTunnel extends EventEmitter<{ change: [VpnStatus] }> {
  #status: VpnStatus = "running";

  get status(): VpnStatus {
    return this.#status;
  }

  get running(): boolean {
    return this.#status === "running";
  }

  /** Sets the status; returns Gluetun's outcome text ("stopped" or "already stopped"). */
  set(status: "running" | "stopped"): string {
    if (this.#status === status) return `already ${status}`;
    this.#status = status;
    this.emit("change", status);
    return status;
  }
}
