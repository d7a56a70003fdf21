import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { parse as parseYaml } from "yaml";
import type { ApiContext } from "../api-context";
import type { ResourceRecord } from "../pending-resources";
import { HttpError, readBody, sendJson } from "./http-io";

/** The largest resource document accepted (oci-image details are a few lines). */
export const MAX_RESOURCE_BYTES = 1024 * 1024;

/** An oci-image details document: YAML `registrypath:` or JSON `ImageName`, with optional credentials. */
export function parseImageDocument(body: Buffer): Extract<ResourceRecord, { kind: "oci-image" }> {
  let doc: unknown;
  try {
    doc = parseYaml(body.toString("utf8")); // JSON is YAML too
  } catch {
    throw new HttpError(400, "the oci-image document is neither YAML nor JSON", "not valid");
  }
  const fields = typeof doc === "object" && doc !== null ? (doc as Record<string, unknown>) : {};
  const image = fields.registrypath ?? fields.ImageName;
  if (typeof image !== "string" || image.trim() === "")
    throw new HttpError(400, "the oci-image document has no image path", "not valid");
  const record: Extract<ResourceRecord, { kind: "oci-image" }> = { kind: "oci-image", image: image.trim() };
  if (typeof fields.username === "string" && fields.username !== "") record.username = fields.username;
  if (typeof fields.password === "string" && fields.password !== "") record.password = fields.password;
  return record;
}

/** `PUT /model/<uuid>/applications/<app>/resources/<name>[?pendingid=]`. */
export async function uploadResource(
  ctx: ApiContext,
  request: IncomingMessage,
  response: ServerResponse,
  app: string,
  name: string,
): Promise<void> {
  const pendingId = new URL(request.url ?? "", "http://x").searchParams.get("pendingid") ?? "";
  const pending = pendingId === "" ? undefined : ctx.pendingResources.get(pendingId);
  if (pendingId !== "" && (!pending || pending.app !== app || pending.name !== name))
    throw new HttpError(404, `pending resource ${JSON.stringify(pendingId)} not found`, "not found");
  if (pendingId === "" && !ctx.host.model.state.apps.get(app)?.meta.resources[name])
    throw new HttpError(404, `resource ${JSON.stringify(`${app}/${name}`)} not found`, "not found");
  const type = pending?.type ?? ctx.host.model.app(app).meta.resources[name]?.type;
  if (type !== "oci-image")
    throw new HttpError(400, "only oci-image resources can be uploaded here", "not supported");
  const body = await readBody(request, MAX_RESOURCE_BYTES);
  const fingerprint = createHash("sha384").update(body).digest("hex");
  const expected = request.headers["content-sha384"];
  if (typeof expected === "string" && expected !== "" && expected.toLowerCase() !== fingerprint)
    throw new HttpError(400, "the body does not match its Content-Sha384", "bad request");
  const record = parseImageDocument(body);
  if (pending) {
    pending.record = record;
    pending.size = body.length;
    pending.fingerprint = fingerprint;
  } else {
    ctx.host.model.attachResource(app, name, record);
    ctx.operatorChanged("application");
  }
  sendJson(response, 200, {
    resource: {
      name,
      type,
      origin: "upload",
      "pending-id": pendingId,
      application: app,
      revision: 1,
      size: body.length,
      fingerprint,
      path: "",
      description: pending?.description ?? "",
    },
  });
}
