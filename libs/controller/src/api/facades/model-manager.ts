import type { ApiContext } from "../api-context";
import type { Facade } from "../facade";
import { arrayOf, detailedStatus, modelTag, recordOf, SERVER_VERSION, stringOf, time } from "../wire-format";

/** ModelManager v9/v10 on the controller endpoint: the one model, by name and uuid. */
export const modelManagerFacade: Facade = {
  name: "ModelManager",
  versions: [9, 10],
  endpoints: ["controller"],
  methods: {
    ListModels({ ctx }) {
      return {
        "user-models": [
          {
            model: { name: ctx.modelName, uuid: ctx.modelUuid, type: "caas", "owner-tag": "user-admin" },
            "last-connection": null,
          },
        ],
      };
    },
    ModelInfo({ ctx, params }) {
      return {
        results: arrayOf(params.entities).map((entity) => {
          const tag = stringOf(recordOf(entity).tag);
          if (tag !== modelTag(ctx.modelUuid))
            return { error: { message: `model ${JSON.stringify(tag)} not found`, code: "not found" } };
          return { result: modelInfo(ctx) };
        }),
      };
    },
  },
};

function modelInfo(ctx: ApiContext): Record<string, unknown> {
  const units = ctx.host.model.state.units.size;
  return {
    name: ctx.modelName,
    uuid: ctx.modelUuid,
    type: "caas",
    "controller-uuid": ctx.host.controllerUuid,
    "is-controller": false,
    "provider-type": "kubernetes",
    "default-series": "",
    "default-base": "ubuntu@22.04",
    "cloud-tag": "cloud-embedded",
    "cloud-region": "default",
    "cloud-credential-tag": "",
    "owner-tag": "user-admin",
    life: "alive",
    status: detailedStatus("available", "", ctx.host.model.now()),
    users: [
      {
        "user-name": "admin",
        "display-name": "admin",
        access: "admin",
        "last-connection": time(ctx.host.model.now()),
      },
    ],
    machines: [],
    "secret-backends": [],
    "agent-version": SERVER_VERSION,
    "supported-features": [],
    counts: [{ entity: "units", count: units }],
  };
}
