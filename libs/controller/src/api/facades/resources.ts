import { ApiError } from "../api-error";
import { bulkResults } from "../bulk-results";
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
        results: bulkResults(arrayOf(params.entities), (entity) => {
          const app = ctx.application(tagName(stringOf(recordOf(entity).tag), "application")).name;
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
        }),
      };
    },
  },
};
