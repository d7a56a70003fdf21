import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { join } from "node:path";

// `<home>/controller/controller.json` (0600): how a client reaches the running controller. It is
// rewritten at each start (a new port, the process id) and keeps the password, made once.

export interface ControllerInfo {
  endpoint: string;
  "controller-uuid": string;
  "model-uuid": string;
  "model-name": string;
  user: "admin";
  password: string;
  /** 0 once the controller has stopped. */
  pid: number;
}

export const controllerInfoFile = (controllerDir: string): string => join(controllerDir, "controller.json");

export function readControllerInfo(controllerDir: string): ControllerInfo | undefined {
  try {
    return JSON.parse(readFileSync(controllerInfoFile(controllerDir), "utf8")) as ControllerInfo;
  } catch {
    return undefined;
  }
}

/** The admin password: the one kept from an earlier start, or 32 random bytes. */
export function adminPassword(previous: ControllerInfo | undefined): string {
  return previous?.password ?? randomBytes(32).toString("base64url");
}

/** Written whole or not at all, mode 0600 from its first byte. */
export function writeControllerInfo(controllerDir: string, info: ControllerInfo): void {
  const file = controllerInfoFile(controllerDir);
  const temp = `${file}.${process.pid}.tmp`;
  const fd = openSync(temp, "w", 0o600);
  try {
    writeSync(fd, `${JSON.stringify(info, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
}

/** Whether a process with this id is alive (signal 0 checks without sending anything). */
export function processAlive(pid: number): boolean {
  // kill(0) and kill(-n) would signal whole process groups: a stopped controller records pid 0.
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
