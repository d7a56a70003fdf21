import { homedir } from "node:os";
import { join } from "node:path";
import { PLEX_PORT, PLEX_VERSION } from "./plex-profile";
import { startPlexStandIn } from "./plex-server";

// The stand-in as the image's binary: no arguments; the application support directory from
// $PLEX_MEDIA_SERVER_APPLICATION_SUPPORT_DIR as PMS reads it. PLEX_STAND_IN_PORT (stand-in only)
// moves it off 32400 for tests that run it outside a pod. Logs never hold a token or a query.

async function main(): Promise<void> {
  const appSupportDir =
    process.env.PLEX_MEDIA_SERVER_APPLICATION_SUPPORT_DIR ||
    join(homedir(), "Library", "Application Support");
  const port = process.env.PLEX_STAND_IN_PORT ? Number(process.env.PLEX_STAND_IN_PORT) : PLEX_PORT;
  console.log(`Plex Media Server v${PLEX_VERSION} - starting`);
  let server: Awaited<ReturnType<typeof startPlexStandIn>>;
  try {
    server = await startPlexStandIn({ appSupportDir, port, log: (message) => console.log(message) });
  } catch (error) {
    console.error(`Plex Media Server could not start: ${(error as Error).message}`);
    process.exit(1);
  }
  console.log(`Listening on port ${server.port}; server ${server.claimed ? "claimed" : "unclaimed"}`);
  const stop = () => {
    console.log("Plex Media Server stopping");
    server.close().then(() => process.exit(0));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

await main();
