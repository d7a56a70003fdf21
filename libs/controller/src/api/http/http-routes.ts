import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApiContext } from "../api-context";
import { uploadCharm } from "./charm-upload";
import { HttpError, sendError } from "./http-io";
import { uploadResource } from "./resource-upload";

/** The HTTP side of the API: charm and resource uploads, Basic auth as `user-admin`. */
export async function handleHttpRequest(
  ctx: ApiContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  try {
    if (!ctx.credentials.checkBasic(request.headers.authorization)) {
      ctx.log(`http ${request.method} refused: bad or missing credentials`);
      throw new HttpError(401, "invalid entity name or password", "unauthorized access");
    }
    const path = (request.url ?? "").split("?")[0] ?? "";
    const uuid = ctx.modelUuid;
    const s3 = new RegExp(`^/model-${uuid}/charms/([^/]+)$`).exec(path);
    if (s3 && request.method === "PUT")
      return await uploadCharm(ctx, request, response, decodeURIComponent(s3[1]!));
    if (path === `/model/${uuid}/charms` && request.method === "POST")
      return await uploadCharm(ctx, request, response);
    const resource = new RegExp(`^/model/${uuid}/applications/([^/]+)/resources/([^/]+)$`).exec(path);
    if (resource && request.method === "PUT")
      return await uploadResource(
        ctx,
        request,
        response,
        decodeURIComponent(resource[1]!),
        decodeURIComponent(resource[2]!),
      );
    throw new HttpError(404, `no route for ${request.method} ${path}`, "not found");
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    sendError(response, err);
    if (!request.complete) request.resume();
  }
}
