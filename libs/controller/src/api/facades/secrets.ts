import { createHash } from "node:crypto";
import { type SecretRecord, shortSecretUri } from "@charmarr/engine";
import type { ApiContext } from "../api-context";
import { ApiError } from "../api-error";
import { bulkResults } from "../bulk-results";
import type { Facade } from "../facade";
import {
  applicationTag,
  arrayOf,
  modelTag,
  recordOf,
  relationTag,
  stringOf,
  time,
  unitTag,
} from "../wire-format";

// Secrets v1 (ListSecrets) and v2 (ListSecrets with reveal, and the operator's user secrets).
// Values travel base64 per key in both directions.

/** Juju's secret key rule (core/secrets CreateSecretData). */
const SECRET_KEY = /^([a-z](?:-?[a-z0-9]){2,})$/;

function ownerTag(ctx: ApiContext, secret: SecretRecord): string {
  switch (secret.owner.kind) {
    case "application":
      return applicationTag(secret.owner.name);
    case "unit":
      return unitTag(secret.owner.name);
    case "model":
      return modelTag(ctx.modelUuid);
  }
}

function checksum(content: Record<string, string>): string {
  const sorted = Object.fromEntries(Object.entries(content).sort(([a], [b]) => a.localeCompare(b)));
  return createHash("sha256").update(JSON.stringify(sorted)).digest("hex");
}

function listResult(ctx: ApiContext, secret: SecretRecord, reveal: boolean, revision?: number) {
  const latest = secret.revisions.get(secret.latestRevision);
  const result: Record<string, unknown> = {
    uri: shortSecretUri(secret.xid),
    version: 1,
    "owner-tag": ownerTag(ctx, secret),
    label: secret.label ?? "",
    description: secret.description ?? "",
    "create-time": time(secret.createdAt),
    "update-time": time(secret.updatedAt),
    "latest-revision": secret.latestRevision,
    "latest-revision-checksum": latest ? checksum(latest.content) : "",
    revisions: [...secret.revisions.values()]
      .sort((a, b) => a.revision - b.revision)
      .map((r) => ({
        revision: r.revision,
        "create-time": time(r.createdAt),
        "update-time": time(r.createdAt),
        "backend-name": "internal",
        ...(r.expireTime ? { "expire-time": time(r.expireTime) } : {}),
      })),
    access: secret.grants.map((g) => {
      const relation =
        g.relationId === undefined ? undefined : ctx.host.model.state.relations.get(g.relationId);
      return {
        "target-tag":
          g.target.kind === "application" ? applicationTag(g.target.name) : unitTag(g.target.name),
        "scope-tag": relation ? relationTag(relation.key) : modelTag(ctx.modelUuid),
        role: g.role,
      };
    }),
  };
  if (secret.rotatePolicy) result["rotate-policy"] = secret.rotatePolicy;
  if (secret.nextRotateTime) result["next-rotate-time"] = time(secret.nextRotateTime);
  if (latest?.expireTime) result["latest-expire-time"] = time(latest.expireTime);
  if (reveal) {
    const rev = secret.revisions.get(revision ?? secret.latestRevision);
    result.value = rev
      ? { data: { ...rev.content } }
      : { error: { message: `secret revision ${revision} not found`, code: "not found" } };
  }
  return result;
}

function userSecret(ctx: ApiContext, uri: unknown, label: unknown): SecretRecord {
  const ref = stringOf(uri) || stringOf(label);
  const secret = ref === "" ? undefined : ctx.host.model.secret(ref);
  if (!secret) throw new ApiError(`secret ${JSON.stringify(ref)} not found`, "not found");
  if (secret.owner.kind !== "model")
    throw new ApiError(`secret ${JSON.stringify(ref)} is not a user secret`, "forbidden");
  return secret;
}

/** A request's `content.data`: base64 values decoded, keys checked. */
function plainData(content: unknown): Record<string, string> {
  const data = recordOf(recordOf(content).data);
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) {
    if (!SECRET_KEY.test(key)) throw new ApiError(`invalid key ${JSON.stringify(key)}`, "not valid");
    if (typeof value !== "string")
      throw new ApiError(`value of ${JSON.stringify(key)} must be base64`, "not valid");
    out[key] = Buffer.from(value, "base64").toString("utf8");
  }
  return out;
}

function bulk(items: unknown[], run: (item: Record<string, unknown>) => unknown): { results: unknown[] } {
  return { results: bulkResults(items, (item) => run(recordOf(item))) };
}

export const secretsFacade: Facade = {
  name: "Secrets",
  versions: [1, 2],
  endpoints: ["model"],
  since: {
    CreateSecrets: 2,
    UpdateSecrets: 2,
    RemoveSecrets: 2,
    GrantSecret: 2,
    RevokeSecret: 2,
  },
  methods: {
    ListSecrets({ ctx, params, version }) {
      const filter = recordOf(params.filter);
      const reveal = version >= 2 && params["show-secrets"] === true;
      const uri = stringOf(filter.uri);
      const label = stringOf(filter.label);
      const owner = stringOf(filter["owner-tag"]);
      const revision = typeof filter.revision === "number" ? filter.revision : undefined;
      const results = [...ctx.host.model.state.secrets.values()]
        .filter(
          (s) => uri === "" || shortSecretUri(s.xid) === uri || s.xid === uri || uri.endsWith(`/${s.xid}`),
        )
        .filter((s) => label === "" || s.label === label)
        .filter((s) => owner === "" || ownerTag(ctx, s) === owner)
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.xid.localeCompare(b.xid))
        .map((s) => listResult(ctx, s, reveal, revision));
      return { results };
    },

    CreateSecrets({ ctx, params }) {
      const result = bulk(arrayOf(params.args), (item) => {
        if (stringOf(item["owner-tag"]) !== "")
          throw new ApiError(`owner tag ${JSON.stringify(item["owner-tag"])} not valid`, "not valid");
        const data = plainData(item.content);
        if (Object.keys(data).length === 0) throw new ApiError("empty secret value", "not valid");
        const label = stringOf(item.label);
        if (label === "") throw new ApiError("secret name is required", "not valid");
        const description = stringOf(item.description);
        const uri = ctx.host.model.addUserSecret(label, data, description ? { description } : {});
        return { result: uri };
      });
      ctx.operatorChanged();
      return result;
    },

    UpdateSecrets({ ctx, params }) {
      const result = bulk(arrayOf(params.args), (item) => {
        const secret = userSecret(ctx, item.uri, item["existing-label"]);
        const ref = shortSecretUri(secret.xid);
        const data = plainData(item.content);
        const newLabel = stringOf(item.label);
        const description = typeof item.description === "string" ? item.description : undefined;
        if (Object.keys(data).length === 0 && newLabel === "" && description === undefined)
          throw new ApiError("at least one attribute to update must be specified", "not valid");
        if (newLabel !== "" && newLabel !== secret.label) {
          if (ctx.host.model.secret(newLabel))
            throw new ApiError(
              `secret with name ${JSON.stringify(newLabel)} already exists`,
              "already exists",
            );
          secret.label = newLabel;
        }
        const content = Object.keys(data).length > 0 ? data : ctx.host.model.secretContent(ref);
        ctx.host.model.updateUserSecret(ref, content, description === undefined ? {} : { description });
      });
      ctx.operatorChanged();
      return result;
    },

    RemoveSecrets({ ctx, params }) {
      const result = bulk(arrayOf(params.args), (item) => {
        const secret = userSecret(ctx, item.uri, item.label);
        const ref = shortSecretUri(secret.xid);
        const revisions = arrayOf(item.revisions).filter((r): r is number => typeof r === "number");
        if (revisions.length === 0) ctx.host.model.removeUserSecret(ref);
        for (const revision of revisions) {
          if (!secret.revisions.has(revision))
            throw new ApiError(`secret revision ${revision} not found`, "not found");
          ctx.host.model.removeUserSecret(ref, revision);
        }
      });
      ctx.operatorChanged();
      return result;
    },

    GrantSecret({ ctx, params }) {
      const secret = userSecret(ctx, params.uri, params.label);
      const results = bulkResults(arrayOf(params.applications), (app) => {
        ctx.host.model.grantSecret(shortSecretUri(secret.xid), stringOf(app));
      });
      ctx.operatorChanged();
      return { results };
    },

    RevokeSecret({ ctx, params }) {
      const secret = userSecret(ctx, params.uri, params.label);
      const results = bulkResults(arrayOf(params.applications), (app) => {
        ctx.host.model.revokeSecret(shortSecretUri(secret.xid), ctx.application(stringOf(app)).name);
      });
      ctx.operatorChanged();
      return { results };
    },
  },
};
