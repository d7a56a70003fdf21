// The HTTP side of the Juju API (spec §3.2): charm archive and OCI-image resource uploads, on the
// controller's port with Basic auth, over http for the embedded controller and https (its CA,
// server name "juju-apiserver") for a real one.
import { createHash } from "node:crypto";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { CliError, TimeoutError } from "./errors";

export interface HttpTarget {
  /** `http://127.0.0.1:1234` or `https://host:17070`. */
  base: string;
  user: string;
  password: string;
  caPem?: string;
  timeoutMs: number;
}

interface Reply {
  status: number;
  body: string;
}

function send(
  target: HttpTarget,
  method: string,
  path: string,
  headers: Record<string, string>,
  body: Buffer,
  what: string,
): Promise<Reply> {
  const url = new URL(path, target.base);
  const secure = url.protocol === "https:";
  const auth = Buffer.from(`user-${target.user}:${target.password}`).toString("base64");
  return new Promise((resolve, reject) => {
    const req = (secure ? httpsRequest : httpRequest)(
      url,
      {
        method,
        headers: { ...headers, Authorization: `Basic ${auth}`, "Content-Length": String(body.length) },
        ...(secure && target.caPem ? { ca: target.caPem, servername: "juju-apiserver" } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") });
        });
        res.on("error", (err) => {
          clearTimeout(timer);
          reject(new CliError(`${what}: ${err.message}`));
        });
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      reject(new TimeoutError(what, target.timeoutMs));
    }, target.timeoutMs);
    req.on("error", (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        new CliError(
          err.code === "ECONNREFUSED"
            ? `${what}: the controller does not answer at ${url.host}: run charmarr up (or check --controller)`
            : `${what}: ${err.message}`,
        ),
      );
    });
    req.end(body);
  });
}

function replyError(what: string, reply: Reply): CliError {
  let message = reply.body.trim();
  try {
    const json = JSON.parse(reply.body) as { error?: string; message?: string };
    message = json.error ?? json.message ?? message;
  } catch {
    // not JSON: the text itself
  }
  if (reply.status === 401)
    return new CliError(
      `${what}: the controller refused the credentials (HTTP 401): check --user and --password-file`,
    );
  return new CliError(`${what}: HTTP ${reply.status}${message ? `: ${message.split("\n")[0]}` : ""}`);
}

/** Upload a charm archive; returns the charm URL the controller assigned (`local:radarr-0`). */
export async function uploadCharm(
  target: HttpTarget,
  modelUuid: string,
  name: string,
  archive: Buffer,
): Promise<string> {
  const sha = createHash("sha256").update(archive).digest("hex");
  const what = `uploading the ${name} charm`;
  const reply = await send(
    target,
    "PUT",
    `/model-${modelUuid}/charms/${name}-${sha.slice(0, 7)}`,
    { "Content-Type": "application/zip", "Juju-Curl": `local:${name}--1` },
    archive,
    what,
  );
  if (reply.status === 404 || reply.status === 405) {
    const fallback = await send(
      target,
      "POST",
      `/model/${modelUuid}/charms?series=&schema=local&revision=0`,
      { "Content-Type": "application/zip" },
      archive,
      what,
    );
    return charmUrlOf(what, fallback);
  }
  return charmUrlOf(what, reply);
}

function charmUrlOf(what: string, reply: Reply): string {
  if (reply.status !== 200) throw replyError(what, reply);
  try {
    const url = (JSON.parse(reply.body) as { "charm-url"?: string })["charm-url"];
    if (url) return url;
  } catch {
    // falls through
  }
  throw new CliError(`${what}: the controller's answer has no charm-url`);
}

/** Upload an OCI image reference as a pending resource's content (YAML `registrypath`). */
export async function uploadImageResource(
  target: HttpTarget,
  modelUuid: string,
  app: string,
  resource: string,
  pendingId: string,
  image: string,
): Promise<void> {
  const body = Buffer.from(`registrypath: ${image}\n`);
  const what = `uploading ${app}'s ${resource} resource`;
  const reply = await send(
    target,
    "PUT",
    `/model/${modelUuid}/applications/${encodeURIComponent(app)}/resources/${encodeURIComponent(resource)}?pendingid=${encodeURIComponent(pendingId)}`,
    {
      "Content-Type": "application/octet-stream",
      "Content-Sha384": createHash("sha384").update(body).digest("hex"),
      "Content-Disposition": `form-data; filename="${resource}.yaml"`,
    },
    body,
    what,
  );
  if (reply.status !== 200) throw replyError(what, reply);
}
