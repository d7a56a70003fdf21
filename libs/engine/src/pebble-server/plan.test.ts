import { describe, expect, it } from "vitest";
import { parseLayer } from "./layer";
import { buildPlan, planToYaml, startOrder, stopOrder } from "./plan";
import { LabelExistsError, PlanManager } from "./plan-manager";
import { UserDatabase } from "./user-database";

const users = new UserDatabase();
const layer = (label: string, yaml: string) => parseLayer(label, yaml, users);

describe("parseLayer", () => {
  it("rejects unknown sections and unknown fields, naming the line", () => {
    expect(() => layer("base", "servics: {}\n")).toThrow(
      'cannot parse layer "base": unknown section "servics"',
    );
    expect(() => layer("base", "services:\n  web:\n    override: replace\n    comand: x\n")).toThrow(
      'cannot parse layer "base" section "services": yaml: unmarshal errors:\n  line 4: field comand not found in type plan.Service',
    );
  });

  it("reports type errors and bad durations like yaml.v3", () => {
    expect(() => layer("l", "checks:\n  c:\n    override: replace\n    threshold: lots\n")).toThrow(
      "line 4: cannot unmarshal !!str `lots` into int",
    );
    expect(() => layer("l", "services:\n  s:\n    override: replace\n    kill-delay: soon\n")).toThrow(
      'cannot parse layer "l" section "services": invalid duration "soon"',
    );
  });

  it("takes any scalar as a string, as Go does (environment: {PORT: 8080})", () => {
    const parsed = layer(
      "l",
      "services:\n  s:\n    override: replace\n    command: x\n    environment: {PORT: 8080, ON: true}\n",
    );
    expect(parsed.services.get("s")?.environment).toEqual({ PORT: "8080", ON: "true" });
  });

  it.each([
    { label: "pebble-x", yaml: "services: {}", message: 'cannot use reserved label prefix "pebble-"' },
    {
      label: "l",
      yaml: "services:\n  pebble:\n    override: replace\n    command: x",
      message: 'cannot use reserved service name "pebble"',
    },
    {
      label: "l",
      yaml: "services:\n  -x:\n    override: replace\n    command: x",
      message: 'cannot use service name "-x": starting with "-" not allowed',
    },
    { label: "l", yaml: "services:\n  s:\n", message: 'service object cannot be null for service "s"' },
    {
      label: "l",
      yaml: "services:\n  s:\n    override: replace\n    command: x\n    on-failure: explode",
      message: 'plan service "s" on-failure action "explode" invalid',
    },
    {
      label: "l",
      yaml: "services:\n  s:\n    override: replace\n    command: x\n    backoff-factor: 0.5",
      message: 'plan service "s" backoff-factor must be 1.0 or greater, not 0.5',
    },
    {
      label: "l",
      yaml: 'services:\n  s:\n    override: replace\n    command: "a \'b"',
      message:
        'plan service "s" command invalid: cannot parse service "s" command: EOF found when expecting closing quote',
    },
    {
      label: "l",
      yaml: "checks:\n  c:\n    override: replace\n    level: sometimes",
      message: 'plan check "c" level must be "alive" or "ready"',
    },
    {
      label: "l",
      yaml: "checks:\n  c:\n    override: replace\n    period: 0s",
      message: 'plan check "c" period must not be zero',
    },
    {
      label: "l",
      yaml: "log-targets:\n  t:\n    override: replace\n    type: carrier-pigeon",
      message:
        'log target "t" has unsupported type "carrier-pigeon", must be "loki", "opentelemetry" or "syslog"',
    },
  ])("rejects: $message", ({ label, yaml, message }) => {
    expect(() => layer(label, yaml)).toThrow(message);
  });
});

describe("combining layers", () => {
  const base = layer(
    "base",
    `services:
  web:
    override: replace
    command: web --port 80
    startup: enabled
    after: [db]
    environment: {A: "1", B: "2"}
  db:
    override: replace
    command: db
checks:
  up:
    override: replace
    http: {url: "http://localhost/", headers: {X: "1"}}
`,
  );

  it("merges field by field: scalars when set, lists appended, maps by key", () => {
    const over = layer(
      "over",
      `services:
  web:
    override: merge
    after: [cache]
    environment: {B: "two", C: "3"}
  cache:
    override: replace
    command: cache
checks:
  up:
    override: merge
    http: {headers: {Y: "2"}}
`,
    );
    const plan = buildPlan([base, over]);
    const web = plan.services.get("web");
    expect(web?.command).toBe("web --port 80");
    expect(web?.startup).toBe("enabled");
    expect(web?.after).toEqual(["db", "cache"]);
    expect(web?.environment).toEqual({ A: "1", B: "two", C: "3" });
    expect(plan.checks.get("up")?.http).toEqual({ url: "http://localhost/", headers: { X: "1", Y: "2" } });
  });

  it("replaces whole objects with override: replace", () => {
    const over = layer("over", "services:\n  web:\n    override: replace\n    command: other\n");
    const web = buildPlan([base, over]).services.get("web");
    expect(web).toEqual({ override: "replace", command: "other" });
  });

  it("requires override in every layer and a command in the combined plan", () => {
    expect(() => buildPlan([layer("l", "services:\n  s:\n    command: x\n")])).toThrow(
      'layer "l" must define "override" for service "s"',
    );
    expect(() => buildPlan([layer("l", "services:\n  s:\n    override: merge\n")])).toThrow(
      'plan must define "command" for service "s"',
    );
    expect(() => buildPlan([layer("l", "checks:\n  c:\n    override: merge\n")])).toThrow(
      'plan must specify one of "http", "tcp", or "exec" for check "c"',
    );
  });
});

describe("plan YAML", () => {
  it("renders like Pebble: struct order, sorted names, Go durations, default threshold", () => {
    const plan = buildPlan([
      layer(
        "l",
        `services:
  svc10:
    override: replace
    command: b
    kill-delay: 60s
  svc2:
    summary: two
    override: replace
    command: a
    startup: enabled
    backoff-factor: 1.5
    environment: {Z: "1", A: "8080"}
    requires: [svc10]
checks:
  ready:
    override: replace
    level: ready
    period: 90s
    tcp: {port: 8080}
log-targets:
  loki:
    override: replace
    type: loki
    location: http://loki/
`,
      ),
    ]);
    expect(planToYaml(plan)).toBe(`services:
    svc2:
        summary: two
        startup: enabled
        override: replace
        command: a
        requires:
            - svc10
        environment:
            A: "8080"
            Z: "1"
        backoff-factor: 1.5
    svc10:
        override: replace
        command: b
        kill-delay: 1m0s
checks:
    ready:
        override: replace
        level: ready
        period: 1m30s
        threshold: 3
        tcp:
            port: 8080
log-targets:
    loki:
        type: loki
        location: http://loki/
        services: []
        override: replace
`);
  });

  it("is {} for an empty plan", () => {
    expect(planToYaml(buildPlan([]))).toBe("{}\n");
  });
});

describe("start and stop order", () => {
  const plan = buildPlan([
    layer(
      "l",
      `services:
  app: {override: replace, command: app, requires: [db], after: [db]}
  db: {override: replace, command: db}
  web: {override: replace, command: web, after: [app]}
  lone: {override: replace, command: lone}
`,
    ),
  ]);

  it("starts what a service requires first, in one lane", () => {
    expect(startOrder(plan, ["app"])).toEqual([["db", "app"]]);
    expect(startOrder(plan, ["lone", "app"])).toEqual([["db", "app"], ["lone"]]);
  });

  it("stops what depends on a service first", () => {
    expect(stopOrder(plan, ["db"])).toEqual([["app", "db"]]);
  });

  it("rejects unknown services and before/after loops", () => {
    expect(() => startOrder(plan, ["nope"])).toThrow('service "nope" does not exist');
    expect(() =>
      buildPlan([
        layer(
          "l",
          "services:\n  a: {override: replace, command: a, after: [b]}\n  b: {override: replace, command: b, after: [a]}\n",
        ),
      ]),
    ).toThrow("services in before/after loop: a, b");
  });
});

describe("PlanManager", () => {
  it("appends layers, refuses duplicate labels and combines in place", () => {
    const plans = new PlanManager();
    plans.appendLayer(layer("base", "services:\n  s: {override: replace, command: one}\n"), false);
    plans.appendLayer(layer("top", "services:\n  t: {override: replace, command: two}\n"), false);
    expect(() => plans.appendLayer(layer("base", "{}"), false)).toThrow(LabelExistsError);
    expect(() => plans.appendLayer(layer("base", "{}"), false)).toThrow('layer "base" already exists');
    plans.combineLayer(layer("base", "services:\n  s: {override: merge, command: three}\n"), false);
    expect(plans.plan.layers.map((l) => [l.label, l.order])).toEqual([
      ["base", 1000],
      ["top", 2000],
    ]);
    expect(plans.plan.services.get("s")?.command).toBe("three");
  });

  it("needs inner to slot a sub-directory layer below later layers", () => {
    const plans = new PlanManager();
    plans.appendLayer(layer("dir/a", "{}"), false);
    plans.appendLayer(layer("later", "{}"), false);
    expect(() => plans.appendLayer(layer("dir/b", "{}"), false)).toThrow(
      "cannot insert sub-directory layer without 'inner' attribute set",
    );
    plans.appendLayer(layer("dir/b", "{}"), true);
    expect(plans.plan.layers.map((l) => [l.label, l.order])).toEqual([
      ["dir/a", 1000],
      ["dir/b", 1001],
      ["later", 2000],
    ]);
  });

  it("leaves the plan unchanged when the new layer is invalid", () => {
    const plans = new PlanManager();
    plans.appendLayer(layer("base", "services:\n  s: {override: replace, command: one}\n"), false);
    expect(() => plans.appendLayer(layer("bad", "services:\n  t: {override: merge}\n"), false)).toThrow();
    expect(plans.plan.layers).toHaveLength(1);
  });
});
