import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { settingsReader } from "./settings-reader";

describe("settingsReader (Gluetun's secret files > /run/secrets > env)", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "gluetun-settings-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("takes the file named by FOO_SECRETFILE over /run/secrets/foo and the env", () => {
    writeFileSync(join(dir, "named"), "from-named-file\n");
    const env = { HTTPPROXY_USER: "from-env", HTTPPROXY_USER_SECRETFILE: join(dir, "named") };
    expect(settingsReader({ env, secretsDir: dir })("HTTPPROXY_USER")).toBe("from-named-file");
  });

  it("reads /run/secrets/<lower-cased name> when no _SECRETFILE is set, over the env", () => {
    writeFileSync(join(dir, "wireguard_private_key"), "from-secrets-dir\r\n");
    const read = settingsReader({ env: { WIREGUARD_PRIVATE_KEY: "from-env" }, secretsDir: dir });
    expect(read("WIREGUARD_PRIVATE_KEY")).toBe("from-secrets-dir");
  });

  it("strips one trailing newline only, and falls back to the env when there is no file", () => {
    writeFileSync(join(dir, "two"), "value\n\n");
    const read = settingsReader({
      env: { TWO_SECRETFILE: join(dir, "two"), OTHER: "env-value" },
      secretsDir: dir,
    });
    expect(read("TWO")).toBe("value\n");
    expect(read("OTHER")).toBe("env-value");
    expect(read("ABSENT")).toBeUndefined();
  });

  it("counts an empty file or variable as unset (an empty file gives way to the env)", () => {
    writeFileSync(join(dir, "httpproxy_password"), "\n");
    const read = settingsReader({ env: { HTTPPROXY_PASSWORD: "env-password", EMPTY: "" }, secretsDir: dir });
    expect(read("HTTPPROXY_PASSWORD")).toBe("env-password");
    expect(read("EMPTY")).toBeUndefined();
  });

  it("a _SECRETFILE naming a missing file means not set from files", () => {
    const read = settingsReader({
      env: { FOO_SECRETFILE: join(dir, "missing"), FOO: "env" },
      secretsDir: dir,
    });
    expect(read("FOO")).toBe("env");
  });
});
