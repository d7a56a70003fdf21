import { describe, expect, it } from "vitest";
import { sharedChmodMode, sharedDirMode, sharedFileMode } from "./media-tree";

describe("modes from the stack's umask", () => {
  it("gives directories and files what the umask leaves", () => {
    expect(sharedDirMode("002").toString(8)).toBe("775");
    expect(sharedFileMode("002").toString(8)).toBe("664");
    expect(sharedDirMode("022").toString(8)).toBe("755");
    expect(sharedFileMode("027").toString(8)).toBe("640");
  });

  it("adds to a private file only the bits the umask allows, never removing one", () => {
    expect(sharedChmodMode("002")).toBe("g+rwX,o+rX");
    expect(sharedChmodMode("022")).toBe("g+rX,o+rX");
    expect(sharedChmodMode("027")).toBe("g+rX");
    expect(sharedChmodMode("007")).toBe("g+rwX");
    expect(sharedChmodMode("077")).toBe("u+rwX");
  });
});
