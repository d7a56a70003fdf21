import { describe, expect, it } from "vitest";
import { createHookLogger } from "./hook-logger";
import type { JujuLogLevel } from "./juju-log-level";
import { SecretRedactor } from "./secret-redactor";

function setup() {
  const lines: string[] = [];
  const jujuLogs: [JujuLogLevel, string][] = [];
  const redactor = new SecretRedactor();
  const hookLogger = createHookLogger({
    redactor,
    write: (line) => lines.push(line),
    jujuLog: async (level, message) => {
      jujuLogs.push([level, message]);
    },
    bindings: { unit: "radarr/0" },
  });
  return { lines, jujuLogs, redactor, ...hookLogger };
}

describe("hook logger", () => {
  it("writes JSON records to stdout and only warnings and errors to juju-log", async () => {
    const { logger, lines, jujuLogs, flush } = setup();
    logger.debug("d");
    logger.info("i");
    logger.warn("w");
    logger.error(new Error("boom"), "failed");
    await flush();
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(["d", "i", "w", "failed"]);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 20, unit: "radarr/0" });
    expect(jujuLogs).toEqual([
      ["WARNING", "w"],
      ["ERROR", "failed: boom"],
    ]);
  });

  it("never lets a registered secret through, in stdout or juju-log", async () => {
    const { logger, lines, jujuLogs, redactor, flush } = setup();
    const secret = "0123456789abcdef0123456789abcdef";
    redactor.add(secret);
    logger.info({ apiKey: secret }, `using ${secret}`);
    logger.warn(new Error(`rejected key ${secret}`), "login failed");
    await flush();
    const everything = [...lines, ...jujuLogs.map(([, m]) => m)].join("\n");
    expect(everything).not.toContain(secret);
    expect(everything).toContain("«redacted»");
  });

  it("keeps pino's record shape: an Error as err (type, message, stack, cause), levels below the threshold dropped", async () => {
    const lines: string[] = [];
    const { logger } = createHookLogger({
      redactor: new SecretRedactor(),
      write: (l) => lines.push(l),
      jujuLog: async () => {},
      bindings: { unit: "radarr/0" },
      level: "info",
    });
    logger.debug("dropped");
    logger.error(new TypeError("outer", { cause: new Error("inner") }));
    logger.info({ count: 2n, nested: { ok: true } }, "fields");
    expect(lines).toHaveLength(2);
    const error = JSON.parse(lines[0]!);
    expect(error).toMatchObject({ level: 50, unit: "radarr/0", msg: "outer" });
    expect(error.err).toMatchObject({ type: "TypeError", message: "outer", cause: { message: "inner" } });
    expect(error.err.stack).toContain("TypeError: outer");
    expect(typeof error.time).toBe("string");
    expect(JSON.parse(lines[1]!)).toMatchObject({
      level: 30,
      count: "2",
      nested: { ok: true },
      msg: "fields",
    });
    expect(lines.every((l) => l.endsWith("\n"))).toBe(true);
  });

  it("a failing juju-log does not fail the hook", async () => {
    const redactor = new SecretRedactor();
    const lines: string[] = [];
    const { logger, flush } = createHookLogger({
      redactor,
      write: (l) => lines.push(l),
      jujuLog: () => Promise.reject(new Error("no agent")),
    });
    logger.error("x");
    await expect(flush()).resolves.toBeUndefined();
    expect(lines).toHaveLength(1);
  });
});
