// Where commands connect: the embedded controller (from its controller.json) or a real one
// (`--controller wss://host:17070 --model <name>`, password from a file or a prompt).
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import type { GlobalOptions } from "./args";
import { runningController } from "./embedded-controller";
import { CliError } from "./errors";
import { resolveHome } from "./home";
import { JujuSession } from "./juju-connection";
import type { HttpTarget } from "./uploads";

export interface ModelTarget {
  /** Model websocket URL. */
  url: string;
  modelUuid: string;
  modelName: string;
  user: string;
  password: string;
  caPem?: string;
  http: HttpTarget;
  embedded: boolean;
  /** Where charmarr keeps its own records (deployed archive hashes). */
  home: string;
}

export const NOT_RUNNING = "the embedded controller is not running: run charmarr up";

function readSecretFile(path: string, what: string): string {
  try {
    return readFileSync(path, "utf8").trim();
  } catch (err) {
    throw new CliError(`cannot read ${what} ${path}: ${(err as Error).message}`);
  }
}

/** Ask for the password on the terminal without echoing it. */
export async function promptPassword(user: string): Promise<string> {
  if (!process.stdin.isTTY)
    throw new CliError(
      `no password for ${user}: give --password-file <file> (or run in a terminal to be asked)`,
    );
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const question = `Password for ${user}: `;
  const out = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WritableStream };
  let asked = false;
  out._writeToOutput = (s: string) => {
    if (!asked) {
      asked = true;
      process.stderr.write(s);
    }
  };
  const answer = await new Promise<string>((resolve) => rl.question(question, resolve));
  rl.close();
  process.stderr.write("\n");
  return answer;
}

export async function resolveTarget(globals: GlobalOptions): Promise<ModelTarget> {
  const home = resolveHome(globals.home);
  if (!globals.controller) {
    const info = runningController(home);
    if (!info) throw new CliError(NOT_RUNNING);
    const http = new URL(info.endpoint.replace(/^ws/, "http"));
    return {
      url: `${info.endpoint}/model/${info["model-uuid"]}/api`,
      modelUuid: info["model-uuid"],
      modelName: info["model-name"] || "charmarr",
      user: info.user,
      password: info.password,
      http: { base: http.origin, user: info.user, password: info.password, timeoutMs: globals.timeoutMs },
      embedded: true,
      home,
    };
  }
  if (!globals.model) throw new CliError("--controller needs --model <name>");
  const user = globals.user ?? "admin";
  const password = globals.passwordFile
    ? readSecretFile(globals.passwordFile, "the password file")
    : await promptPassword(user);
  const caPem = globals.caCert ? readSecretFile(globals.caCert, "the CA certificate") : undefined;
  const base = new URL(globals.controller);
  const session = await JujuSession.open({
    url: `${base.protocol}//${base.host}/api`,
    user,
    password,
    ...(caPem ? { caPem } : {}),
    timeoutMs: globals.timeoutMs,
    refusedHint: "check --controller (is the controller up?)",
  });
  let uuid: string | undefined;
  try {
    const models = await session.call<{
      "user-models"?: { model: { name: string; uuid: string; "owner-tag"?: string } }[];
    }>("ModelManager", "ListModels", { tag: `user-${user}` });
    const [wantedOwner, wantedName] = globals.model.includes("/")
      ? globals.model.split("/", 2)
      : [undefined, globals.model];
    const matches = (models["user-models"] ?? []).filter(
      (m) => m.model.name === wantedName && (!wantedOwner || m.model["owner-tag"] === `user-${wantedOwner}`),
    );
    if (matches.length === 0)
      throw new CliError(
        `no model ${globals.model} for ${user} on ${base.host}: check --model (juju models)`,
      );
    if (matches.length > 1)
      throw new CliError(`several models are named ${globals.model}: use <owner>/<name>`);
    uuid = matches[0]!.model.uuid;
  } finally {
    session.close();
  }
  const httpBase = `${base.protocol === "wss:" ? "https:" : "http:"}//${base.host}`;
  return {
    url: `${base.protocol}//${base.host}/model/${uuid}/api`,
    modelUuid: uuid,
    modelName: globals.model,
    user,
    password,
    ...(caPem ? { caPem } : {}),
    http: { base: httpBase, user, password, ...(caPem ? { caPem } : {}), timeoutMs: globals.timeoutMs },
    embedded: false,
    home,
  };
}

/** Open a session on the target's model. */
export function openModel(target: ModelTarget, timeoutMs: number): Promise<JujuSession> {
  return JujuSession.open({
    url: target.url,
    user: target.user,
    password: target.password,
    ...(target.caPem ? { caPem: target.caPem } : {}),
    timeoutMs,
    refusedHint: target.embedded ? "run charmarr up" : "check --controller (is the controller up?)",
  });
}
