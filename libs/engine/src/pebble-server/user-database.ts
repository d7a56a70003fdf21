import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface UserEntry {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

export interface GroupEntry {
  name: string;
  gid: number;
}

/** The user/group names and ids a request may give, as in layers and the files/exec APIs. */
export interface IdentityRequest {
  userId?: number;
  user?: string;
  groupId?: number;
  group?: string;
}

export class IdentityError extends Error {}

/**
 * The container's user database: passwd and group files of the /etc that its processes see.
 * Read on every lookup (they are small) so edits show up at once, as with Go's os/user.
 */
export class UserDatabase {
  constructor(private readonly etcDir = "/etc") {}

  lookupUser(name: string): UserEntry | undefined {
    return this.users().find((u) => u.name === name);
  }

  lookupUserId(uid: number): UserEntry | undefined {
    return this.users().find((u) => u.uid === uid);
  }

  lookupGroup(name: string): GroupEntry | undefined {
    return this.groups().find((g) => g.name === name);
  }

  lookupGroupId(gid: number): GroupEntry | undefined {
    return this.groups().find((g) => g.gid === gid);
  }

  /**
   * Turns user/group names and ids into a uid/gid pair with Pebble's rules (osutil.NormalizeUidGid):
   * names must agree with ids, a missing group means the user's primary group, and a group alone
   * is an error. Returns undefined ids when nothing was asked.
   */
  normalize(request: IdentityRequest): { uid?: number; gid?: number } {
    let { userId: uid, groupId: gid } = request;
    const { user, group } = request;
    if (uid === undefined && !user && gid === undefined && !group) return {};
    if (user) {
      const entry = this.lookupUser(user);
      if (!entry) throw new IdentityError(`user: unknown user ${user}`);
      if (uid !== undefined && uid !== entry.uid) {
        throw new IdentityError(
          `user ${JSON.stringify(user)} UID (${entry.uid}) does not match user-id (${uid})`,
        );
      }
      uid = entry.uid;
    }
    if (group) {
      const entry = this.lookupGroup(group);
      if (!entry) throw new IdentityError(`group: unknown group ${group}`);
      if (gid !== undefined && gid !== entry.gid) {
        throw new IdentityError(
          `group ${JSON.stringify(group)} GID (${entry.gid}) does not match group-id (${gid})`,
        );
      }
      gid = entry.gid;
    }
    if (gid === undefined && uid !== undefined) {
      const entry = this.lookupUserId(uid);
      if (!entry) throw new IdentityError(`user: unknown userid ${uid}`);
      gid = entry.gid;
    }
    if (uid === undefined) throw new IdentityError("must specify user, not just group");
    return { uid, gid };
  }

  private users(): UserEntry[] {
    return this.table("passwd").flatMap((fields) => {
      const [name, , uid, gid, , home] = fields;
      if (!name || uid === undefined || gid === undefined) return [];
      return [{ name, uid: Number(uid), gid: Number(gid), home: home ?? "" }];
    });
  }

  private groups(): GroupEntry[] {
    return this.table("group").flatMap((fields) => {
      const [name, , gid] = fields;
      if (!name || gid === undefined) return [];
      return [{ name, gid: Number(gid) }];
    });
  }

  private table(file: string): string[][] {
    let text: string;
    try {
      text = readFileSync(join(this.etcDir, file), "utf8");
    } catch {
      return [];
    }
    return text
      .split("\n")
      .filter((line) => line && !line.startsWith("#"))
      .map((line) => line.split(":"));
  }
}
