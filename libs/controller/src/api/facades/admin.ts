import { setTimeout as sleep } from "node:timers/promises";
import { ApiError } from "../api-error";
import type { Facade } from "../facade";
import { modelTag, SERVER_VERSION } from "../wire-format";

/** Admin v3: username/password login as `user-admin` (any client version). */
export const adminFacade: Facade = {
  name: "Admin",
  versions: [3],
  endpoints: ["controller", "model"],
  methods: {
    async Login({ ctx, conn, params }) {
      const delay = ctx.throttle.delayFor(conn.remote);
      if (delay > 0) await sleep(delay);
      if (!ctx.credentials.check(params["auth-tag"], params.credentials)) {
        ctx.throttle.failed(conn.remote);
        ctx.log("api login refused");
        conn.closeAfterReply = true;
        throw new ApiError("invalid entity name or password", "unauthorized access");
      }
      ctx.throttle.succeeded(conn.remote);
      conn.loggedIn = true;
      return {
        "controller-tag": `controller-${ctx.host.controllerUuid}`,
        "model-tag": conn.endpoint === "model" ? modelTag(ctx.modelUuid) : "",
        "server-version": SERVER_VERSION,
        "user-info": {
          identity: "user-admin",
          "display-name": "admin",
          "controller-access": "superuser",
          "model-access": "admin",
        },
        servers: [[{ value: "127.0.0.1", type: "ipv4", scope: "local-machine", port: ctx.port }]],
        facades: ctx.dispatcher?.advertised(conn) ?? [],
      };
    },
  },
};
