import { chmodSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TOOL_CLIENT_SCRIPT } from "./tool-client";

/** The hook tools Juju 3.6 puts on PATH (contract §3 and §5), deprecated ones included. */
export const HOOK_TOOL_NAMES = [
  "action-fail",
  "action-get",
  "action-log",
  "action-set",
  "application-version-set",
  "close-port",
  "config-get",
  "credential-get",
  "goal-state",
  "is-leader",
  "juju-log",
  "juju-reboot",
  "leader-get",
  "leader-set",
  "network-get",
  "open-port",
  "opened-ports",
  "relation-get",
  "relation-ids",
  "relation-list",
  "relation-model-get",
  "relation-set",
  "resource-get",
  "secret-add",
  "secret-get",
  "secret-grant",
  "secret-ids",
  "secret-info-get",
  "secret-remove",
  "secret-revoke",
  "secret-set",
  "state-delete",
  "state-get",
  "state-set",
  "status-get",
  "status-set",
  "storage-add",
  "storage-get",
  "storage-list",
  "unit-get",
] as const;

/** The client every tool links to, as Juju links its tools to jujuc. */
export const TOOL_CLIENT_NAME = "jujuc";

/** `hello/0` → `unit-hello-0`, Juju's tag form used in agent paths. */
export function unitTag(unit: string): string {
  return `unit-${unit.replace("/", "-")}`;
}

/**
 * Creates (or refreshes) a unit's tools dir, `<baseDir>/unit-<app>-<n>` like Juju's
 * `/var/lib/juju/tools/unit-<app>-<n>`: the client plus one symlink per hook tool. Put it first
 * on the hook's PATH. Returns its path.
 */
export function createToolsDir(baseDir: string, unit: string): string {
  const dir = join(baseDir, unitTag(unit));
  mkdirSync(dir, { recursive: true });
  for (const entry of readdirSync(dir)) rmSync(join(dir, entry), { force: true });
  const client = join(dir, TOOL_CLIENT_NAME);
  writeFileSync(client, TOOL_CLIENT_SCRIPT);
  chmodSync(client, 0o755);
  for (const tool of HOOK_TOOL_NAMES) symlinkSync(TOOL_CLIENT_NAME, join(dir, tool));
  return dir;
}
