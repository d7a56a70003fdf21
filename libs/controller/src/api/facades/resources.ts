import { ApiError } from "../api-error";
import type { Facade } from "../facade";
import { applicationTag, arrayOf, recordOf, stringOf, tagName, time } from "../wire-format";

/** Resources v3: pending resources for a deploy, and what an application has. */
export const resourcesFacade: Facade = {
  name: "Resources",
  versions: [3],
  endpoints: ["model"],
  methods: {
    AddPendingResources({ ctx, params }) {
      try {
        const app = tagName(stringOf(params.tag), "application");
        const ids = arrayOf(params.resources).map((raw) => {
          const resource = recordOf(raw);
          const name = stringOf(resource.name);
          const type = stringOf(resource.type) || "oci-image";
          if (name === "") throw new ApiError("resource name is required", "not valid");
          if (type !== "oci-image" && type !== "file")
            throw new ApiError(`resource type ${JSON.stringify(type)} not supported`, "not valid");
          return ctx.pendingResources.add(app, name, type, stringOf(resource.description));
        });
        return { "pending-ids": ids };
      } catch (err) {
        if (err instanceof ApiError) return { error: { message: err.message, code: err.code } };
        throw err;
      }
    },

    ListResources({ ctx, params }) {
      return {
        results: arrayOf(params.entities).map((entity) => {
          try {
            const app = tagName(stringOf(recordOf(entity).tag), "application");
            const record = ctx.host.model.state.apps.get(app);
            if (!record) throw new ApiError(`application ${JSON.stringify(app)} not found`, "not found");
            const resources = ctx.pendingResources.attached(app).map((r) => ({
              name: r.name,
              type: r.type,
              path: "",
              description: r.description,
              origin: "upload",
              revision: r.revision,
              fingerprint: r.fingerprint,
              size: r.size,
              id: `${app}/${r.name}`,
              "pending-id": "",
              application: app,
              username: "",
              timestamp: time(r.timestamp),
            }));
            return {
              resources,
              "charm-store-resources": [],
              "unit-resources": [],
              tag: applicationTag(app),
            };
          } catch (err) {
            const { message, code } = err instanceof ApiError ? err : { message: String(err), code: "" };
            return { error: { message, code } };
          }
        }),
      };
    },
  },
};
