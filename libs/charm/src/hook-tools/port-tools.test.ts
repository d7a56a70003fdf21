import { describe, expect, it } from "vitest";
import { jsonOutput, RecordingToolRunner } from "../../testing/recording-tool-runner";
import { InvalidArgumentError, UnexpectedOutputError } from "./hook-tool-error";
import { HookTools } from "./hook-tools";
import type { Port } from "./port-tools";

describe("open-port / close-port", () => {
  it.each([
    [8080, ["8080/tcp"]],
    [{ protocol: "udp", port: 53 }, ["53/udp"]],
    [{ protocol: "tcp", port: 5000, toPort: 5010 }, ["5000-5010/tcp"]],
    [{ protocol: "icmp" }, ["icmp"]],
  ] as const)("opens %j as %j", async (port, args) => {
    const runner = new RecordingToolRunner();
    await new HookTools(runner).openPort(port);
    expect(runner.onlyCall).toMatchObject({ tool: "open-port", args });
  });

  it("limits to endpoints", async () => {
    const runner = new RecordingToolRunner();
    await new HookTools(runner).closePort(8888, { endpoints: ["vpn-gateway", "metrics"] });
    expect(runner.onlyCall).toMatchObject({
      tool: "close-port",
      args: ["--endpoints=vpn-gateway,metrics", "8888/tcp"],
    });
  });

  it.each([0, 65536, 1.5, Number.NaN])("refuses port %s before calling", async (port) => {
    const runner = new RecordingToolRunner();
    await expect(new HookTools(runner).openPort(port)).rejects.toThrow(InvalidArgumentError);
    expect(runner.calls).toEqual([]);
  });

  it("refuses a reversed range and an unknown protocol", async () => {
    const tools = new HookTools(new RecordingToolRunner());
    await expect(tools.openPort({ protocol: "tcp", port: 10, toPort: 5 })).rejects.toThrow(
      InvalidArgumentError,
    );
    await expect(tools.openPort({ protocol: "sctp", port: 10 } as unknown as Port)).rejects.toThrow(
      InvalidArgumentError,
    );
  });
});

describe("opened-ports", () => {
  it("parses ports, ranges and icmp", async () => {
    const runner = new RecordingToolRunner({
      "opened-ports": jsonOutput(["80/tcp", "5000-5010/udp", "icmp"]),
    });
    await expect(new HookTools(runner).openedPorts()).resolves.toEqual([
      { protocol: "tcp", port: 80 },
      { protocol: "udp", port: 5000, toPort: 5010 },
      { protocol: "icmp" },
    ]);
    expect(runner.onlyCall.args).toEqual(["--format=json"]);
  });

  it("parses endpoints with --endpoints", async () => {
    const runner = new RecordingToolRunner({
      "opened-ports": jsonOutput(["80/tcp (*)", "8080/tcp (ep1,ep2)"]),
    });
    await expect(new HookTools(runner).openedPorts({ withEndpoints: true })).resolves.toEqual([
      { protocol: "tcp", port: 80, endpoints: ["*"] },
      { protocol: "tcp", port: 8080, endpoints: ["ep1", "ep2"] },
    ]);
    expect(runner.onlyCall.args).toEqual(["--format=json", "--endpoints"]);
  });

  it("reads null as none and rejects garbage", async () => {
    const runner = new RecordingToolRunner({ "opened-ports": jsonOutput(null) });
    const tools = new HookTools(runner);
    await expect(tools.openedPorts()).resolves.toEqual([]);
    runner.answer("opened-ports", jsonOutput(["eighty"]));
    await expect(tools.openedPorts()).rejects.toThrow(UnexpectedOutputError);
  });
});
