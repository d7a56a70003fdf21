import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ImageGroup, ImageUser } from "./image-catalog";

// The accounts of a container's /etc: the host's system accounts (what a Debian base image has),
// without the host's own logins, plus the image's users and groups.

/** Ids that belong to people's logins on the host (Debian's FIRST_UID..LAST_UID), not to any image. */
const isLoginId = (id: number): boolean => id >= 1000 && id <= 59999;

type Row = string[];

const parse = (text: string): Row[] =>
  text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => line.split(":"));

const render = (rows: readonly Row[]): string => rows.map((row) => `${row.join(":")}\n`).join("");

/** passwd: host logins and anything the image redefines go; the image's users come last. */
export function imagePasswd(hostText: string, users: readonly ImageUser[]): string {
  const kept = parse(hostText).filter(([name, , uid]) => {
    const id = Number(uid);
    return !isLoginId(id) && !users.some((user) => user.name === name || user.uid === id);
  });
  const added = users.map((u) => [u.name, "x", String(u.uid), String(u.gid), "", u.home, u.shell]);
  return render([...kept, ...added]);
}

/** group: host login groups go; an image group with a host group's name takes its place (new gid, more members). */
export function imageGroup(hostText: string, groups: readonly ImageGroup[]): string {
  const rows = parse(hostText).filter(([name, , gid]) => {
    const id = Number(gid);
    return !isLoginId(id) || groups.some((group) => group.name === name);
  });
  for (const group of groups) {
    const members = group.members ?? [];
    const existing = rows.find(([name]) => name === group.name);
    if (existing) {
      const current = (existing[3] ?? "").split(",").filter((m) => m !== "");
      existing[2] = String(group.gid);
      existing[3] = [...new Set([...current, ...members])].join(",");
    } else {
      rows.push([group.name, "x", String(group.gid), members.join(",")]);
    }
  }
  // Two groups with one gid would make lookups by id ambiguous: the image's definition wins.
  return render(
    rows.filter(([name, , gid]) => !groups.some((g) => g.gid === Number(gid) && g.name !== name)),
  );
}

/** shadow and gshadow: only the accounts that are still there. */
export function keepNamed(hostText: string, names: ReadonlySet<string>): string {
  return render(parse(hostText).filter(([name]) => names.has(name ?? "")));
}

const namesOf = (text: string): Set<string> => new Set(parse(text).map(([name]) => name ?? ""));

/** Rewrites passwd, group, shadow and gshadow in a container's copy of /etc. */
export function writeImageAccounts(
  etcDir: string,
  users: readonly ImageUser[],
  groups: readonly ImageGroup[],
): void {
  const read = (file: string) => readFileSync(join(etcDir, file), "utf8");
  const passwd = imagePasswd(read("passwd"), users);
  const group = imageGroup(read("group"), groups);
  writeFileSync(join(etcDir, "passwd"), passwd);
  writeFileSync(join(etcDir, "group"), group);
  for (const [file, names] of [
    ["shadow", namesOf(passwd)],
    ["gshadow", namesOf(group)],
  ] as const) {
    if (existsSync(join(etcDir, file))) writeFileSync(join(etcDir, file), keepNamed(read(file), names));
  }
}
