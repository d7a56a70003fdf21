import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { CredentialWorkload } from "@charmarr/secrets";
import type { DownloaderApp, SabnzbdKey } from "./downloader-charm";

// SABnzbd's /api as far as Radarr's test and the test downloader charm use it, in-process, for
// fast tests of the decisions: key in the query, 403 text on a wrong key, categories.

export class FakeSabnzbd {
  readonly categories = new Set<string>();
  /** What the charm believes the key is; differs from `apiKey` to make the app refuse it. */
  charmKey: string;
  #server: Server | undefined;
  url = "";

  constructor(public apiKey: string) {
    this.charmKey = apiKey;
  }

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://sab");
      const q = url.searchParams;
      const mode = q.get("mode");
      const json = (body: unknown) =>
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
      if (url.pathname !== "/api") return res.writeHead(404).end();
      if (mode === "version") return json({ version: "3.7.1" });
      if (mode === "auth") return json({ auth: q.get("key") === this.apiKey ? "apikey" : "badkey" });
      const given = q.get("apikey");
      if (!given) return res.writeHead(403).end("API Key Required");
      if (given !== this.apiKey) return res.writeHead(403).end("API Key Incorrect");
      if (mode === "get_config") {
        const categories = ["*", ...this.categories].map((name, order) => ({ name, order, dir: "" }));
        return json({ config: { misc: { api_key: this.apiKey }, categories } });
      }
      return json({ status: true });
    });
    const server = this.#server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  asDownloader(): DownloaderApp<SabnzbdKey> {
    const workload: CredentialWorkload<SabnzbdKey> = {
      apply: async (next) => {
        this.apiKey = next["api-key"];
        this.charmKey = next["api-key"];
      },
      accepts: async (value) => value["api-key"] === this.apiKey,
      readLive: async () => ({ "api-key": this.charmKey }),
    };
    return { workload: () => workload };
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
