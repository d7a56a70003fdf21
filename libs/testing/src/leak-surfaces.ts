import type { HookChanges, Model, SecretRecord } from "@charmarr/engine";
import type { HookRecord, UnitPod } from "./engine-events";
import type { LeakScanner, SecretValueSource } from "./leak-scanner";

// What the leak scanner reads from a test model: the values it must look for (every revision
// of every secret, and content hooks buffered) and the places they must not be.

const secretName = (secret: SecretRecord) => secret.label ?? `secret:${secret.xid}`;
const ownerName = (secret: SecretRecord) => (secret.owner.kind === "model" ? "model" : secret.owner.name);
const decode = (base64: string) => Buffer.from(base64, "base64").toString("utf8");

/**
 * Secret content keys whose values are public by design: `owner-app` (libs/secrets' provenance
 * stamp) is the owner's application name, which shows up everywhere and is no leak.
 */
const PUBLIC_KEYS = new Set(["owner-app"]);

/** Every revision of every secret the model holds, user secrets included. */
export function learnModelSecrets(scanner: LeakScanner, model: Model): void {
  for (const secret of model.state.secrets.values()) {
    for (const [revision, record] of secret.revisions) {
      for (const [key, value] of Object.entries(record.content)) {
        if (PUBLIC_KEYS.has(key)) continue;
        scanner.learn(decode(value), { secret: secretName(secret), owner: ownerName(secret), revision, key });
      }
    }
  }
}

/** Content a hook gave secret-add or secret-set, committed or not (a failed hook's too). */
export function learnHookChanges(
  scanner: LeakScanner,
  model: Model,
  unit: string,
  changes: HookChanges,
): void {
  const app = unit.slice(0, unit.lastIndexOf("/"));
  const learn = (content: Record<string, string>, source: Omit<SecretValueSource, "key">) => {
    for (const [key, value] of Object.entries(content)) {
      if (!PUBLIC_KEYS.has(key)) scanner.learn(decode(value), { ...source, key });
    }
  };
  for (const change of changes.secretCreates) {
    learn(change.content, {
      secret: change.label ?? `secret:${change.xid}`,
      owner: change.owner === "unit" ? unit : app,
    });
  }
  for (const change of changes.secretUpdates) {
    const secret = model.state.secrets.get(change.xid);
    if (!change.content) continue;
    learn(change.content, {
      secret: secret ? secretName(secret) : `secret:${change.xid}`,
      owner: secret ? ownerName(secret) : app,
    });
  }
}

/** A hook's output lines and the argv of each of its tool calls. */
export function inspectHook(scanner: LeakScanner, record: HookRecord): void {
  const hook = `${record.unit} ${JSON.stringify(record.hook)} (hook #${record.seq})`;
  record.output.forEach((line, i) => {
    scanner.inspect(`${line.stream} of ${hook}, line ${i + 1}`, line.text);
  });
  record.toolCalls.forEach((call, i) => {
    scanner.inspect(`argv of ${call.tool} in ${hook}, call ${i + 1}`, [call.tool, ...call.args].join(" "));
  });
}

/** juju-log records from index `from` on; returns the next index to read from. */
export function inspectJujuLogs(scanner: LeakScanner, model: Model, from: number): number {
  model.logs.slice(from).forEach((record, i) => {
    if (!record.module.endsWith(".juju-log")) return; // hook output is read from the hook records
    scanner.inspect(`juju-log of ${record.unit} (record #${from + i + 1}, ${record.level})`, record.message);
  });
  return model.logs.length;
}

/** Every key of every databag of every relation. */
export function inspectRelationData(scanner: LeakScanner, model: Model): void {
  for (const relation of model.state.relations.values()) {
    const bags = [...relation.appData, ...relation.unitData];
    for (const [owner, bag] of bags) {
      for (const [key, value] of bag) {
        scanner.inspect(
          `relation ${relation.id} (${relation.key}) databag of ${owner}, key ${JSON.stringify(key)}`,
          value,
        );
      }
    }
  }
}

/** The credential files a test declared, as `unit`, `container`, `path`. */
export type CredentialFiles = ReadonlySet<string>;
export const credentialFileKey = (unit: string, container: string, path: string) =>
  `${unit}\0${container}\0${path}`;

/**
 * Pebble plans and service environments, and workload files: a declared credential file may
 * hold secrets but must be 0600; any other file may not hold them.
 */
export async function inspectPods(
  scanner: LeakScanner,
  pods: ReadonlyMap<string, UnitPod>,
  credentialFiles: CredentialFiles,
): Promise<void> {
  for (const [unit, pod] of pods) {
    const { texts, files } = await pod.inspect();
    for (const { where, text } of texts) scanner.inspect(`${where} of ${unit}`, text);
    for (const file of files) {
      const where = `file ${file.path} in container ${file.container} of ${unit}`;
      if (!credentialFiles.has(credentialFileKey(unit, file.container, file.path))) {
        scanner.inspect(where, file.content);
      } else if ((file.mode & 0o777) !== 0o600) {
        scanner.report(where, `a credential file with mode 0${(file.mode & 0o777).toString(8)}, not 0600`);
      }
    }
  }
}
