import { JsonPatchError, jsonPatch } from "./json-patch";
import type { JsonValue } from "./json-value";
import { mergePatch } from "./merge-patch";
import { StrategicMergeError, strategicMergePatch } from "./strategic-merge-patch";

export type PatchType = "json" | "merge" | "strategic";

/** The patch type of a PATCH's Content-Type (parameters ignored); undefined if not served. */
export function patchTypeOf(contentType: string | undefined): PatchType | undefined {
  switch ((contentType ?? "").split(";")[0]?.trim().toLowerCase()) {
    case "application/json-patch+json":
      return "json";
    case "application/merge-patch+json":
      return "merge";
    case "application/strategic-merge-patch+json":
      return "strategic";
    default:
      return undefined;
  }
}

/** A patch that does not apply to the object (JSON Patch `test` failing, a missing merge key). */
export class PatchError extends Error {}

export function applyPatch(type: PatchType, target: JsonValue, patch: JsonValue): JsonValue {
  try {
    if (type === "json") return jsonPatch(target, patch);
    if (type === "merge") return mergePatch(target, patch);
    return strategicMergePatch(target, patch);
  } catch (error) {
    if (error instanceof JsonPatchError || error instanceof StrategicMergeError)
      throw new PatchError(error.message);
    throw error;
  }
}
