// `charmarr secrets [--reveal]`, `add-secret`, `grant-secret`, `update-secret`.
import { expectPositionals } from "../args";
import { CliError } from "../errors";
import type { JujuSession } from "../juju-connection";
import { parseSecretContent } from "../secret-content";
import { formatSecrets, isUserSecret, type SecretInfo } from "../secrets-format";
import { type CommandContext, withModel } from "./context";

function needWrites(session: JujuSession): void {
  if ((session.facadeVersion("Secrets") ?? 0) < 2)
    throw new CliError(
      "this controller's Secrets facade is read-only (v1): user secrets need Juju 3.3 or later",
    );
}

export async function listSecrets(session: JujuSession, reveal = false, filter = {}): Promise<SecretInfo[]> {
  const { results = [] } = await session.call<{ results?: SecretInfo[] }>("Secrets", "ListSecrets", {
    filter,
    "show-secrets": reveal,
  });
  return results ?? [];
}

/** A user secret's URI from its name (label) or URI. */
async function secretUri(session: JujuSession, nameOrUri: string): Promise<string> {
  if (nameOrUri.startsWith("secret:")) return nameOrUri;
  if (/^[a-z0-9]{20}$/.test(nameOrUri)) return `secret:${nameOrUri}`;
  const match = (await listSecrets(session)).filter((s) => s.label === nameOrUri && isUserSecret(s));
  if (match.length === 0)
    throw new CliError(`no user secret named ${nameOrUri} (charmarr secrets lists them)`);
  return match[0]!.uri;
}

export async function secretsCommand(ctx: CommandContext): Promise<void> {
  expectPositionals(ctx.args, 0, 0, "secrets [--reveal] [--format json]");
  const reveal = ctx.args.flags.has("reveal");
  await withModel(ctx, async (session) => {
    const secrets = await listSecrets(session);
    if (reveal) {
      // Values only for the operator's own secrets: the charms' credentials stay theirs.
      for (const s of secrets.filter(isUserSecret)) {
        const [withValue] = await listSecrets(session, true, { uri: s.uri });
        if (withValue?.value) s.value = withValue.value;
      }
    }
    ctx.out(
      ctx.args.values.format === "json" ? `${JSON.stringify(secrets, null, 2)}\n` : formatSecrets(secrets),
    );
    if (reveal && secrets.some((s) => !isUserSecret(s)))
      ctx.note(
        "Values are shown for your own (model-owned) secrets only; the charms' secrets stay with them.",
      );
  });
}

export async function addSecretCommand(ctx: CommandContext): Promise<void> {
  const [name, ...pairs] = expectPositionals(
    ctx.args,
    2,
    100,
    "add-secret <name> key=value|key#file=path|key=- ...",
  );
  if (!/^[a-z][a-z0-9-]*$/.test(name!))
    throw new CliError(`secret name ${name} must be lowercase letters, digits and -`);
  const data = parseSecretContent(pairs);
  await withModel(ctx, async (session) => {
    needWrites(session);
    const [result] = await session.bulk<{ result?: string }>(
      "Secrets",
      "CreateSecrets",
      { args: [{ label: name, description: "", "owner-tag": "", content: { data } }] },
      [name!],
    );
    if (!result?.result) throw new CliError(`creating ${name}: the controller gave no URI`);
    ctx.out(`${result.result}\n`);
  });
}

export async function grantSecretCommand(ctx: CommandContext): Promise<void> {
  const [name, ...apps] = expectPositionals(ctx.args, 2, 50, "grant-secret <name|uri> <app>...");
  await withModel(ctx, async (session) => {
    needWrites(session);
    const uri = await secretUri(session, name!);
    await session.bulk("Secrets", "GrantSecret", { uri, label: "", applications: apps }, apps);
    ctx.note(`Granted ${name} to ${apps.join(", ")}`);
  });
}

export async function updateSecretCommand(ctx: CommandContext): Promise<void> {
  const [name, ...pairs] = expectPositionals(
    ctx.args,
    2,
    100,
    "update-secret <name|uri> key=value|key#file=path ...",
  );
  const data = parseSecretContent(pairs);
  await withModel(ctx, async (session) => {
    needWrites(session);
    const uri = await secretUri(session, name!);
    await session.bulk(
      "Secrets",
      "UpdateSecrets",
      { args: [{ uri, "existing-label": "", content: { data }, "auto-prune": true }] },
      [name!],
    );
    ctx.note(`Updated ${name}: the apps it is granted to see a new revision`);
  });
}
