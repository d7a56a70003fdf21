import {
  readBoolean,
  readOptionalString,
  readRecord,
  readString,
  readStringList,
  readStringMap,
  withoutUndefined,
} from "./output-shape";
import { runJsonTool } from "./run-tool";
import type { ToolRunner } from "./tool-runner";

export interface CloudCredential {
  authType: string;
  /** Credential attributes (tokens, keys): sensitive. */
  attrs: Record<string, string>;
  redacted: string[];
}

export interface CloudSpec {
  type: string;
  name: string;
  region?: string;
  endpoint?: string;
  identityEndpoint?: string;
  storageEndpoint?: string;
  credential?: CloudCredential;
  caCertificates: string[];
  skipTlsVerify: boolean;
  isControllerCloud: boolean;
}

/** The cloud this model runs on, with its credential. Needs `juju trust <app>`, else an error. */
export async function credentialGet(runner: ToolRunner): Promise<CloudSpec> {
  return runJsonTool(runner, "credential-get", ["--format=json"], (v) => {
    const record = readRecord(v, "cloud spec");
    const optional = (key: string) => readOptionalString(record[key], key);
    return withoutUndefined({
      type: readString(record.type, "type"),
      name: readString(record.name, "name"),
      region: optional("region"),
      endpoint: optional("endpoint"),
      identityEndpoint: optional("identity-endpoint"),
      storageEndpoint: optional("storage-endpoint"),
      credential: record.credential == null ? undefined : readCredential(record.credential),
      caCertificates: readStringList(record.cacertificates, "cacertificates"),
      skipTlsVerify: readBoolean(record["skip-tls-verify"] ?? false, "skip-tls-verify"),
      isControllerCloud: readBoolean(record["is-controller-cloud"] ?? false, "is-controller-cloud"),
    });
  });
}

function readCredential(value: unknown): CloudCredential {
  const record = readRecord(value, "credential");
  return {
    authType: readString(record["auth-type"], "credential.auth-type"),
    attrs: readStringMap(record.attrs ?? null, "credential.attrs"),
    redacted: readStringList(record.redacted, "credential.redacted"),
  };
}
