// §8 behaviours 1–8: how a charm process is run and how hook tools answer it.
import { describe, expect, it } from "vitest";
import { probe, SECOND, stdoutOf, tool, useCharmDirs, useModel } from "./helpers";

const model = useModel();
const charmDir = useCharmDirs();

const SHELL_YAML = `name: shell
peers: {}
requires: {in: {interface: out}}
storage: {data: {type: filesystem, location: /data}}
`;
const CONFIG = "options: {creds: {type: secret}, s: {type: string, default: ''}, unset: {type: string}}\n";
const ACTIONS = "say: {params: {}}\nboom: {params: {}}\n";

/** An in-process application at the other end of `in`; its leader publishes config `v`. */
const FEEDER_YAML =
  "name: feeder\nprovides: {out: {interface: out}}\nconfig: {options: {v: {type: string}}}\n";
const feeder = probe(FEEDER_YAML, async (ctx) => {
  if (!(await ctx.isLeader())) return;
  const v = String((ctx.config as Record<string, unknown>).v ?? "1");
  for (const r of await ctx.relations("out")) await r.setAppData({ v });
});

describe("§8 process & environment", () => {
  it("1: dispatch wins over hooks/<name>; no handler: hooks pass, actions fail as not implemented", async () => {
    const m = model();
    const both = charmDir({
      metadata: "name: both\n",
      dispatch: '#!/bin/sh\necho "dispatch $JUJU_DISPATCH_PATH"\n',
      hooks: { install: "#!/bin/sh\necho legacy\n" },
    });
    const legacy = charmDir({
      metadata: "name: legacy\n",
      actions: ACTIONS,
      hooks: { install: "#!/bin/sh\necho legacy\n" },
    });
    m.deploy("both", { charmDir: both });
    m.deploy("legacy", { charmDir: legacy });
    await m.settle();
    expect(stdoutOf(m, "both/0", "install")).toEqual(["dispatch hooks/install"]);
    expect(stdoutOf(m, "legacy/0", "install")).toEqual(["legacy"]);
    expect(m.hookLog.every((h) => h.result === "ok")).toBe(true);
    expect(await m.runAction("legacy/0", "say")).toMatchObject({
      status: "failed",
      message: "action not implemented on unit",
    });
  });

  it("2: the process gets only Juju's variables, not the agent's environment", async () => {
    const m = model();
    process.env.CONFORMANCE_AGENT_ONLY = "1";
    try {
      m.deploy("env", {
        charmDir: charmDir({ metadata: "name: env\n", dispatch: "#!/bin/sh\nenv | cut -d= -f1 | sort\n" }),
      });
      await m.settle();
    } finally {
      delete process.env.CONFORMANCE_AGENT_ONLY;
    }
    const names = stdoutOf(m, "env/0", "install");
    expect(names).toEqual(expect.arrayContaining(["JUJU_UNIT_NAME", "JUJU_MODEL_UUID", "CHARM_DIR", "PATH"]));
    for (const name of ["HOME", "USER", "SHELL", "NODE_OPTIONS", "CONFORMANCE_AGENT_ONLY"]) {
      expect(names).not.toContain(name);
    }
  });

  it("2: the agent's common variables: API addresses, zone, cloud API version, proxies from model config, K8s service", async () => {
    const m = model();
    const names = [
      "JUJU_API_ADDRESSES",
      "JUJU_AVAILABILITY_ZONE",
      "CLOUD_API_VERSION",
      "JUJU_CHARM_HTTP_PROXY",
      "JUJU_CHARM_HTTPS_PROXY",
      "JUJU_CHARM_FTP_PROXY",
      "JUJU_CHARM_NO_PROXY",
      "KUBERNETES_SERVICE_HOST",
      "KUBERNETES_SERVICE_PORT",
    ];
    const dispatch = `#!/bin/sh\nfor n in ${names.join(" ")}; do eval "echo $n=\\\${$n-unset}"; done\n`;
    m.deploy("env", { charmDir: charmDir({ metadata: "name: env\n", actions: ACTIONS, dispatch }) });
    await m.settle();
    const vars = Object.fromEntries(
      stdoutOf(m, "env/0", "install").map((l) => l.split(/=(.*)/s).slice(0, 2)),
    );
    expect(Object.keys(vars)).toEqual(names);
    expect(vars.JUJU_API_ADDRESSES).toMatch(/^\d+\.\d+\.\d+\.\d+:17070( \d+\.\d+\.\d+\.\d+:17070)*$/);
    expect(vars.CLOUD_API_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
    expect(vars.KUBERNETES_SERVICE_HOST).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(vars.KUBERNETES_SERVICE_PORT).toBe("443");
    expect(vars.JUJU_AVAILABILITY_ZONE).not.toBe("unset");
    // Unset proxy settings: present and empty, as Juju sets them; juju-no-proxy defaults to loopback.
    expect([vars.JUJU_CHARM_HTTP_PROXY, vars.JUJU_CHARM_HTTPS_PROXY, vars.JUJU_CHARM_FTP_PROXY]).toEqual([
      "",
      "",
      "",
    ]);
    expect(vars.JUJU_CHARM_NO_PROXY).toBe("127.0.0.1,localhost,::1");
    m.modelConfig({
      "juju-http-proxy": "http://squid.internal:3128",
      "juju-https-proxy": "http://squid.internal:3129",
      "juju-ftp-proxy": "ftp://squid.internal:21",
      "juju-no-proxy": "127.0.0.1,localhost",
    });
    const out = (await m.runAction("env/0", "say")).stdout.trim().split("\n");
    expect(out.slice(3, 7)).toEqual([
      "JUJU_CHARM_HTTP_PROXY=http://squid.internal:3128",
      "JUJU_CHARM_HTTPS_PROXY=http://squid.internal:3129",
      "JUJU_CHARM_FTP_PROXY=ftp://squid.internal:21",
      "JUJU_CHARM_NO_PROXY=127.0.0.1,localhost",
    ]);
  });

  it("3: JUJU_HOOK_NAME is set but empty during actions; JUJU_DISPATCH_PATH is actions/<name>", async () => {
    const m = model();
    m.deploy("act", {
      charmDir: charmDir({
        metadata: "name: act\n",
        actions: ACTIONS,
        dispatch: `#!/bin/sh\necho "[\${JUJU_HOOK_NAME-unset}] $JUJU_DISPATCH_PATH $JUJU_ACTION_NAME"\n`,
      }),
    });
    await m.settle();
    expect(stdoutOf(m, "act/0", "install")).toEqual(["[install] hooks/install "]);
    expect((await m.runAction("act/0", "say")).stdout).toBe("[] actions/say say\n");
  });

  it("4: relation, storage and secret variables take Juju's forms and appear only where due", async () => {
    const m = model();
    const dispatch = `#!/bin/sh
env | grep -E '^JUJU_(RELATION_ID|REMOTE_UNIT|DEPARTING_UNIT|STORAGE_ID|SECRET_ID|SECRET_LABEL|SECRET_REVISION)=' | sort
case "$JUJU_HOOK_NAME" in
  install) secret-add --label own token=short >/dev/null ;;
  config-changed) c=$(config-get creds); [ -n "$c" ] && secret-get "$c" >/dev/null ;;
esac
exit 0
`;
    m.deploy("shell", { charmDir: charmDir({ metadata: SHELL_YAML, config: CONFIG, dispatch }) });
    m.deploy("feeder", { charm: feeder });
    const rel = m.integrate("shell", "feeder");
    const user = m.addUserSecret("creds", { password: "conformance-user-pw" });
    m.grantSecret(user, "shell");
    m.config("shell", { creds: user });
    await m.settle();
    const vars = (hook: string) => stdoutOf(m, "shell/0", hook);
    expect(vars("in-relation-created")).toEqual([`JUJU_RELATION_ID=in:${rel.id}`, "JUJU_REMOTE_UNIT="]);
    expect(vars("in-relation-joined")).toEqual([
      `JUJU_RELATION_ID=in:${rel.id}`,
      "JUJU_REMOTE_UNIT=feeder/0",
    ]);
    expect(vars("data-storage-attached")).toEqual(["JUJU_STORAGE_ID=data/0"]);

    m.config("feeder", { v: "2" }); // an application databag change
    m.updateUserSecret(user, { password: "conformance-user-pw2" });
    m.expireRevision("own", { owner: "shell" }, 1, SECOND);
    m.advance(SECOND);
    await m.settle();
    expect(vars("in-relation-changed").slice(-2)).toEqual([
      `JUJU_RELATION_ID=in:${rel.id}`,
      "JUJU_REMOTE_UNIT=",
    ]);
    const [changed] = vars("secret-changed");
    expect(changed).toMatch(/^JUJU_SECRET_ID=secret:/);
    expect(vars("secret-changed").slice(1)).toEqual(["JUJU_SECRET_LABEL="]);
    expect(vars("secret-expired").slice(0, 3)).toEqual([
      expect.stringMatching(/^JUJU_SECRET_ID=secret:/),
      "JUJU_SECRET_LABEL=own",
      "JUJU_SECRET_REVISION=1",
    ]);

    m.removeRelation(rel);
    await m.settle();
    expect(vars("in-relation-departed")).toEqual([
      "JUJU_DEPARTING_UNIT=feeder/0",
      `JUJU_RELATION_ID=in:${rel.id}`,
      "JUJU_REMOTE_UNIT=feeder/0",
    ]);
    expect(vars("in-relation-broken")).toEqual([`JUJU_RELATION_ID=in:${rel.id}`, "JUJU_REMOTE_UNIT="]);
  });

  it("5: cwd is the charm dir, stdin is closed; hook stdout is DEBUG, stderr WARNING; actions return both", async () => {
    const m = model();
    const dispatch = `#!/bin/sh
case "$JUJU_DISPATCH_PATH" in
  actions/*) echo out; echo err >&2; exit 3 ;;
esac
[ "$(pwd)" = "$JUJU_CHARM_DIR" ] && echo "cwd ok"
read -r line; echo "read=$?"
echo oops >&2
`;
    m.deploy("io", { charmDir: charmDir({ metadata: "name: io\n", actions: ACTIONS, dispatch }) });
    await m.settle();
    expect(stdoutOf(m, "io/0", "install")).toEqual(["cwd ok", "read=1"]);
    const logs = m.logs("io/0").filter((l) => l.module === "unit.io/0.install");
    expect(logs.map((l) => [l.level, l.message])).toEqual([
      ["DEBUG", "cwd ok"],
      ["DEBUG", "read=1"],
      ["WARNING", "oops"],
    ]);
    expect(await m.runAction("io/0", "boom")).toMatchObject({
      status: "failed",
      stdout: "out\n",
      stderr: "err\n",
      returnCode: 3,
    });
  });

  it("5: each unit has a charm dir of its own: a file unit 0 writes there is not seen by unit 1", async () => {
    const m = model();
    const dispatch = `#!/bin/sh
[ "$JUJU_HOOK_NAME" = install ] || exit 0
if [ -e marker ]; then echo "sees $(cat marker)"; else echo clean; fi
[ "$JUJU_UNIT_NAME" = "own/0" ] && echo "$JUJU_UNIT_NAME" > marker
echo "dir $JUJU_CHARM_DIR"
`;
    m.deploy("own", { charmDir: charmDir({ metadata: "name: own\n", dispatch }), units: 1 });
    await m.settle();
    m.addUnit("own");
    await m.settle();
    expect(stdoutOf(m, "own/0", "install")[0]).toBe("clean");
    expect(stdoutOf(m, "own/1", "install")[0]).toBe("clean");
    const dirs = ["own/0", "own/1"].map((u) => stdoutOf(m, u, "install")[1]);
    expect(new Set(dirs).size).toBe(2);
  });

  it("6: hook tools are on PATH from a tools dir; a tool called after its hook ended is refused", async () => {
    const m = model();
    const dispatch = `#!/bin/sh
t=$(command -v is-leader)
[ "\${PATH%%:*}" = "\${t%/is-leader}" ] && echo first
`;
    m.deploy("path", { charmDir: charmDir({ metadata: "name: path\n", dispatch }) });
    let late: (() => Promise<{ exitCode: number }>) | undefined;
    m.deploy("late", {
      charm: probe("name: late\n", async (ctx) => {
        late ??= () => ctx.tools.runner.run("is-leader", []);
      }),
    });
    await m.settle();
    expect(stdoutOf(m, "path/0", "install")).toEqual(["first"]);
    // The context id no longer names a running hook.
    expect(late).toBeDefined();
    expect((await late?.())?.exitCode).not.toBe(0);
  });

  it("7: tool exit codes: 0 ok, 1 runtime error, 2 usage error, errors as 'ERROR <message>' on stderr", async () => {
    const m = model();
    m.deploy("t", { charm: probe("name: t\n") });
    await m.settle();
    expect(await m.runTool("t/0", "is-leader", [])).toMatchObject({ exitCode: 0 });
    const runtime = await m.runTool("t/0", "secret-get", ["secret:cv3f5bkq7vlc7c4ba2k0"]);
    expect(runtime.exitCode).toBe(1);
    expect(runtime.stderr).toMatch(/^ERROR /);
    const usage = await m.runTool("t/0", "is-leader", ["--no-such-flag"]);
    expect(usage.exitCode).toBe(2);
    expect(usage.stderr).toMatch(/^ERROR /);
  });

  it("8: --format defaults: smart for most tools, yaml for secret-get/secret-info-get; smart and json rendering", async () => {
    const m = model();
    m.deploy("shell", {
      charm: probe(`name: shell\nconfig: {options: {s: {type: string, default: ''}}}\n`, async (ctx) => {
        if (ctx.event.kind === "install") await tool(ctx, "secret-add", "--label", "f", "key=val");
      }),
    });
    await m.settle();
    const out = async (t: string, ...args: string[]) => (await m.runTool("shell/0", t, args)).stdout;
    expect(await out("is-leader")).toBe("True\n");
    expect(await out("is-leader", "--format=json")).toBe("true\n");
    expect(await out("config-get", "s")).toBe(""); // smart: empty string prints nothing
    expect(await out("state-get", "--format=json")).toBe("null\n");
    expect(await out("secret-get", "--label", "f")).toBe("key: val\n");
    expect(await out("secret-info-get", "--label", "f")).toMatch(/^\w+:\n {2}revision: 1\n/m);
  });
});
