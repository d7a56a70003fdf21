import { isSecretId } from "@charmarr/charm";
import * as z from "zod";

/**
 * Field schemas shared by the interfaces. Every databag value is a string; structured
 * values (lists) are JSON inside that string.
 */

/**
 * An http(s) URL with a host and no userinfo: credentials never travel in relation data.
 * (Not z.httpUrl(): its hostname rule wants a dotted domain, and we publish IPs and service
 * names.) One check, so nothing runs on a string that is not a URL: zod runs every check.
 */
export const apiUrlField = z.string().refine((text) => {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  return (
    (url.protocol === "http:" || url.protocol === "https:") &&
    url.hostname !== "" &&
    url.username === "" &&
    url.password === ""
  );
}, "not an http(s) URL without credentials");

/**
 * A secret ID in any spelling Juju uses (`secret:<xid>`, `secret://<model-uuid>/<xid>`, the
 * bare xid), the same ones `secretXid`/`sameSecret` accept.
 */
export const secretIdField = z.string().refine(isSecretId, "not a Juju secret ID");

/** A Juju application name: lowercase, starts with a letter, each dash-part has a letter. */
const APP_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]*[a-z][a-z0-9]*)*$/;
export const appNameField = z.string().regex(APP_NAME, "not a Juju application name");

const absolutePath = z.string().refine((p) => p.startsWith("/") && !p.includes("\0"), "not an absolute path");

/** A JSON array of absolute paths, carried as a string. */
export const pathListField = z.string().transform((text, ctx) => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    ctx.addIssue({ code: "custom", message: "not JSON" });
    return z.NEVER;
  }
  const paths = z.array(absolutePath).safeParse(value);
  if (!paths.success) {
    ctx.addIssue({ code: "custom", message: "not a JSON array of absolute paths" });
    return z.NEVER;
  }
  return paths.data;
});
