import { isRotatePolicy } from "../model/rotate-policy";
import { UsageError } from "./errors";
import type { FlagDef, ParsedArgs } from "./flags";
import { goQuote } from "./go-quote";
import { encodeEntries, secretArgsEntries, secretFileEntries } from "./secret-content-args";
import { parseExpire } from "./secret-expire";
import type { ToolIO } from "./tool";
import type { SecretUpsertArgs } from "./tool-context";

// The flags and Init shared by secret-add and secret-set (jujuc secretUpsertCommand).

export const upsertFlags: FlagDef[] = [
  { names: ["expire"] },
  { names: ["rotate"] },
  { names: ["description"] },
  { names: ["label"] },
  { names: ["file"] },
  { names: ["owner"] },
];

export interface Upsert {
  owner: "application" | "unit";
  args: SecretUpsertArgs;
}

/** Validates the flags and reads the content (files are read now, at call time). */
export async function parseUpsert(
  io: ToolIO,
  parsed: ParsedArgs,
  contentArgs: readonly string[],
): Promise<Upsert> {
  const args: SecretUpsertArgs = {};
  const expire = parsed.string("expire");
  if (expire !== "") args.expireTime = parseExpire(expire, io.ctx.now());
  const rotate = parsed.string("rotate");
  if (rotate !== "") {
    if (!isRotatePolicy(rotate)) throw new UsageError(`rotate policy ${goQuote(rotate)} not valid`);
    args.rotatePolicy = rotate;
  }
  const owner = parsed.string("owner", "application");
  if (owner !== "application" && owner !== "unit")
    throw new UsageError(`secret owner ${goQuote(owner)} not valid`);
  const content = encodeEntries(await secretArgsEntries(io, contentArgs));
  const file = parsed.string("file");
  if (file !== "") Object.assign(content, encodeEntries(await secretFileEntries(io, file)));
  if (Object.keys(content).length > 0) args.content = content;
  // Empty strings mean "not given": the description and label cannot be cleared.
  const description = parsed.string("description");
  if (description !== "") args.description = description;
  const label = parsed.string("label");
  if (label !== "") args.label = label;
  return { owner, args };
}
