import { isSecretId } from "@charmarr/charm";
import * as z from "zod";

/**
 * Field schemas shared by the interfaces. Every databag value is a string; structured
 * values (lists) are JSON inside that string. Each field is bounded (length, characters):
 * a related app is not trusted, and what we read from it ends up in the app's config, in
 * status messages and in what the charm remembers.
 */

/** Longest URL we take from the other side (browsers and the apps stop far sooner). */
export const MAX_URL = 2048;
/** Kubernetes names a Juju application's service after it: at most 63 characters. */
export const MAX_APP_NAME = 63;
/** `secret://<model-uuid>/<xid>` is 66 characters. */
const MAX_SECRET_ID = 128;
/** Linux's PATH_MAX, and how many root folders one manager may publish. */
export const MAX_PATH = 4096;
export const MAX_PATHS = 64;

/** Control characters and spaces: the URL parser strips or encodes them, so they would pass it. */
const URL_UNSAFE = /[\u0000-\u0020\u007f]/;

/**
 * An http(s) URL with a host and no userinfo: credentials never travel in relation data.
 * (Not z.httpUrl(): its hostname rule wants a dotted domain, and we publish IPs and service
 * names.) No control characters or spaces: `new URL` strips tabs and newlines and trims the
 * ends, so `http://h/\r\nSet-Cookie: x` parses, but the text we keep is the raw one. One
 * check, so nothing runs on a string that is not a URL: zod runs every check.
 */
export const apiUrlField = z.string().refine((text) => {
  if (text.length > MAX_URL || URL_UNSAFE.test(text) || !URL.canParse(text)) return false;
  const url = new URL(text);
  return (
    (url.protocol === "http:" || url.protocol === "https:") &&
    url.hostname !== "" &&
    url.username === "" &&
    url.password === ""
  );
}, `not an http(s) URL without credentials, spaces or control characters, of at most ${MAX_URL} characters`);

/**
 * A secret ID in any spelling Juju uses (`secret:<xid>`, `secret://<model-uuid>/<xid>`, the
 * bare xid), the same ones `secretXid`/`sameSecret` accept.
 */
export const secretIdField = z
  .string()
  .refine((text) => text.length <= MAX_SECRET_ID && isSecretId(text), "not a Juju secret ID");

/** A Juju application name: lowercase, starts with a letter, each dash-part has a letter. */
const APP_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]*[a-z][a-z0-9]*)*$/;
export const appNameField = z
  .string()
  .refine((text) => text.length <= MAX_APP_NAME && APP_NAME.test(text), "not a Juju application name");

// No control characters: a path goes into the apps' configs and into status messages.
/** An absolute path of at most MAX_PATH characters, without control characters or `.`/`..` parts. */
export function isPublishablePath(p: string): boolean {
  return (
    p.length <= MAX_PATH &&
    p.startsWith("/") &&
    !/[\u0000-\u001f\u007f]/.test(p) &&
    !p.split("/").some((part) => part === "." || part === "..")
  );
}

const absolutePath = z.string().refine(isPublishablePath, "not an absolute path");

/** A JSON array of absolute paths, carried as a string. */
export const pathListField = z.string().transform((text, ctx) => {
  if (text.length > MAX_PATHS * (MAX_PATH + 3)) {
    ctx.addIssue({ code: "custom", message: "too long" });
    return z.NEVER;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    ctx.addIssue({ code: "custom", message: "not JSON" });
    return z.NEVER;
  }
  const paths = z.array(absolutePath).max(MAX_PATHS).safeParse(value);
  if (!paths.success) {
    ctx.addIssue({ code: "custom", message: `not a JSON array of at most ${MAX_PATHS} absolute paths` });
    return z.NEVER;
  }
  return paths.data;
});
