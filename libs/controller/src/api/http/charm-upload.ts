import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApiContext } from "../api-context";
import { HttpError, readBody, sendJson } from "./http-io";

/** The largest charm archive accepted. */
export const MAX_CHARM_BYTES = 64 * 1024 * 1024;

/**
 * `PUT /model-<uuid>/charms/<name>-<sha256[:7]>` (Juju-Curl header) and the older
 * `POST /model/<uuid>/charms?schema=local…`: the archive is stored, its URL answered.
 */
export async function uploadCharm(
  ctx: ApiContext,
  request: IncomingMessage,
  response: ServerResponse,
  nameWithSha?: string,
): Promise<void> {
  const type = (request.headers["content-type"] ?? "").split(";")[0]?.trim();
  if (type !== "application/zip")
    throw new HttpError(400, `expected Content-Type: application/zip, got: ${type || "none"}`, "bad request");
  if (request.method === "POST") {
    const schema = new URL(request.url ?? "", "http://x").searchParams.get("schema") ?? "local";
    if (schema !== "local")
      throw new HttpError(400, `unsupported schema ${JSON.stringify(schema)}`, "bad request");
  }
  const archive = await readBody(request, MAX_CHARM_BYTES);
  if (nameWithSha !== undefined) {
    const dash = nameWithSha.lastIndexOf("-");
    const sha = dash < 0 ? "" : nameWithSha.slice(dash + 1);
    const actual = createHash("sha256").update(archive).digest("hex");
    if (dash < 1 || !actual.startsWith(sha) || sha.length !== 7)
      throw new HttpError(
        400,
        `Uploaded charm sha256 (${actual}) does not match sha in url (${sha})`,
        "bad request",
      );
  }
  let url: string;
  try {
    url = (await ctx.host.addCharm(archive)).url;
  } catch (err) {
    throw new HttpError(
      400,
      `invalid charm archive: ${err instanceof Error ? err.message : String(err)}`,
      "not valid",
    );
  }
  ctx.changes.emit("charm");
  sendJson(response, 200, { "charm-url": url }, { "Juju-Curl": url });
}
