// jujulib constructs its WebSocket class with the URL only (and Node 20 has none built in), so TLS
// options travel in a subclass of `ws`: the controller's CA and Juju's fixed server name.
import WebSocket from "ws";

export interface WsOptions {
  /** The controller's CA certificate (PEM), for wss. */
  caPem?: string;
  /** Called with the socket's low-level error (ECONNREFUSED, TLS...), which jujulib would print raw. */
  onError?: (err: Error) => void;
}

/** A `ws` WebSocket class for jujulib's `wsclass` option. */
export function jujuWsClass(options: WsOptions): typeof globalThis.WebSocket {
  class JujuWs extends WebSocket {
    constructor(url: string) {
      super(url, {
        ...(options.caPem ? { ca: options.caPem, servername: "juju-apiserver" } : {}),
        handshakeTimeout: 30_000,
        perMessageDeflate: false,
      });
      // The low-level error says why (refused, TLS); jujulib's onerror would console.log the event.
      this.on("error", (err: Error) => options.onError?.(err));
    }
  }
  return JujuWs as unknown as typeof globalThis.WebSocket;
}
