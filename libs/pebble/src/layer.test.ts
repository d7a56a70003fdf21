import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { type Layer, layerToWire } from "./layer";
import { layerFromYaml, layerToYaml, parsePlan } from "./layer-yaml";
import { PebbleProtocolError } from "./pebble-errors";

const layer: Layer = {
  summary: "radarr",
  description: "the movie manager",
  services: {
    radarr: {
      override: "replace",
      summary: "Radarr",
      command: "/app/bin/Radarr -nobrowser -data=/config",
      startup: "enabled",
      environment: { TZ: "UTC", PORT: "7878", DEBUG: "true" },
      user: "app",
      userId: 1000,
      group: "app",
      groupId: 1000,
      workingDir: "/app",
      onSuccess: "ignore",
      onFailure: "restart",
      onCheckFailure: { "radarr-ready": "restart" },
      backoffDelay: "1s",
      backoffFactor: 1.5,
      backoffLimit: "1m",
      killDelay: "10s",
      requires: ["gluetun"],
      before: ["sidecar"],
      after: ["init"],
    },
  },
  checks: {
    "radarr-ready": {
      override: "replace",
      level: "ready",
      period: "30s",
      timeout: "5s",
      threshold: 5,
      http: { url: "http://localhost:7878/ping", headers: { "X-Api-Key": "from-file" } },
    },
    "radarr-alive": { override: "merge", level: "alive", tcp: { port: 7878, host: "127.0.0.1" } },
    "radarr-exec": {
      override: "replace",
      exec: { command: "/bin/check", serviceContext: "radarr", workingDir: "/app", userId: 0, groupId: 0 },
    },
  },
  logTargets: {
    loki: {
      override: "merge",
      type: "loki",
      location: "http://loki/push",
      services: ["all"],
      labels: { app: "radarr" },
    },
  },
};

describe("layerToWire", () => {
  it("uses Pebble's kebab-case keys and keeps user-chosen map keys as given", () => {
    expect(layerToWire(layer)).toEqual({
      summary: "radarr",
      description: "the movie manager",
      services: {
        radarr: {
          override: "replace",
          summary: "Radarr",
          command: "/app/bin/Radarr -nobrowser -data=/config",
          startup: "enabled",
          after: ["init"],
          before: ["sidecar"],
          requires: ["gluetun"],
          environment: { TZ: "UTC", PORT: "7878", DEBUG: "true" },
          user: "app",
          "user-id": 1000,
          group: "app",
          "group-id": 1000,
          "working-dir": "/app",
          "on-success": "ignore",
          "on-failure": "restart",
          "on-check-failure": { "radarr-ready": "restart" },
          "backoff-delay": "1s",
          "backoff-factor": 1.5,
          "backoff-limit": "1m",
          "kill-delay": "10s",
        },
      },
      checks: {
        "radarr-ready": {
          override: "replace",
          level: "ready",
          period: "30s",
          timeout: "5s",
          threshold: 5,
          http: { url: "http://localhost:7878/ping", headers: { "X-Api-Key": "from-file" } },
        },
        "radarr-alive": { override: "merge", level: "alive", tcp: { port: 7878, host: "127.0.0.1" } },
        "radarr-exec": {
          override: "replace",
          exec: {
            command: "/bin/check",
            "service-context": "radarr",
            "working-dir": "/app",
            "user-id": 0,
            "group-id": 0,
          },
        },
      },
      "log-targets": {
        loki: {
          override: "merge",
          type: "loki",
          location: "http://loki/push",
          services: ["all"],
          labels: { app: "radarr" },
        },
      },
    });
  });

  it("leaves out unset fields and anything that is not a layer field", () => {
    const sloppy = {
      services: { s: { override: "merge", command: "x", startup: undefined, bogus: 1 } },
    } as Layer;
    expect(layerToWire(sloppy)).toEqual({ services: { s: { override: "merge", command: "x" } } });
    expect(layerToWire({})).toEqual({});
  });

  it("writes YAML whose strings stay strings (numbers and booleans quoted)", () => {
    const text = layerToYaml(layer);
    expect(text).toContain("working-dir: /app");
    expect(YAML.parse(text).services.radarr.environment).toEqual({ TZ: "UTC", PORT: "7878", DEBUG: "true" });
  });

  it("round-trips through YAML", () => {
    expect(layerFromYaml(layerToYaml(layer))).toEqual(layer);
  });
});

describe("layerFromYaml / parsePlan", () => {
  it("reads Pebble's plan YAML (Go duration forms, default threshold, sorted keys)", () => {
    const plan = parsePlan(
      [
        "checks:",
        "    up:",
        "        override: replace",
        "        period: 1m0s",
        "        tcp:",
        "            port: 8080",
        "        threshold: 3",
        "services:",
        "    app:",
        "        command: /bin/app",
        "        environment:",
        "            PORT: 8080",
        "        override: replace",
        "        startup: enabled",
        "",
      ].join("\n"),
    );
    expect(plan).toEqual({
      services: {
        app: { override: "replace", command: "/bin/app", startup: "enabled", environment: { PORT: "8080" } },
      },
      checks: { up: { override: "replace", period: "1m0s", threshold: 3, tcp: { port: 8080 } } },
      logTargets: {},
    });
  });

  it("treats an empty plan as empty sections", () => {
    expect(parsePlan("{}\n")).toEqual({ services: {}, checks: {}, logTargets: {} });
    expect(parsePlan("")).toEqual({ services: {}, checks: {}, logTargets: {} });
  });

  it("names the field when the YAML does not fit the model", () => {
    expect(() => layerFromYaml("services:\n  a:\n    command: x\n")).toThrow(
      'layer.services.a: missing field "override"',
    );
    expect(() => layerFromYaml("services:\n  a:\n    override: merge\n    user-id: root\n")).toThrow(
      "layer.services.a.user-id: expected a number, got string",
    );
    expect(() => layerFromYaml("services:\n  a:\n    override: sometimes\n")).toThrow(PebbleProtocolError);
    expect(() => layerFromYaml("checks:\n  c:\n    override: merge\n    tcp: {}\n")).toThrow(
      'layer.checks.c.tcp: missing field "port"',
    );
    expect(() => layerFromYaml("services: [")).toThrow(/invalid YAML/);
  });
});
