import type { Server } from "node:http";
import type { ListenAddress } from "./listen-address";

/** A server of the stand-in once it listens: its port (the one asked, or the one given for 0). */
export interface ListeningServer {
  port: number;
  close(): Promise<void>;
}

/**
 * Listens as Gluetun's servers do (`:8000` every address, `127.0.0.1:9999` one), failing on a
 * taken port; `close` drops open connections too, so a stop is never held up by a keep-alive.
 * `beforeClose` lets a server cut what it keeps itself (the proxy's tunnels).
 */
export async function listenOn(
  server: Server,
  listen: ListenAddress,
  beforeClose: () => void = () => {},
): Promise<ListeningServer> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(listen.port, listen.host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === "object" && address ? address.port : listen.port,
    close: () =>
      new Promise<void>((resolve) => {
        beforeClose();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
