import { describe, expect, it } from "vitest";
import { imageGroup, imagePasswd, keepNamed } from "./container-accounts";

const hostPasswd = `root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
alice:x:1000:1000::/home/alice:/bin/bash
`;
const hostGroup = `root:x:0:
users:x:100:
nogroup:x:65534:
alice:x:1000:
`;
const abc = { name: "abc", uid: 911, gid: 911, home: "/config", shell: "/bin/false" };

describe("container accounts", () => {
  it("keeps the host's system users, drops its logins, adds the image's", () => {
    expect(imagePasswd(hostPasswd, [abc])).toBe(`root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
abc:x:911:911::/config:/bin/false
`);
  });

  it("moves a group the image redefines (LinuxServer's users to gid 1000) and adds members", () => {
    const groups = [
      { name: "abc", gid: 911 },
      { name: "users", gid: 1000, members: ["abc"] },
    ];
    expect(imageGroup(hostGroup, groups)).toBe(`root:x:0:
users:x:1000:abc
nogroup:x:65534:
abc:x:911:
`);
  });

  it("keeps shadow lines only for accounts that remain", () => {
    expect(keepNamed("root:*:1::::::\nalice:$y$:1::::::\n", new Set(["root"]))).toBe("root:*:1::::::\n");
  });
});
