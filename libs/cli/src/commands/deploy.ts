// `charmarr deploy <charm-file> [app] [--resource r=image] [--config k=v] [--trust]`, and the
// deployment of one app that `up` repeats: upload the archive, add and upload each oci-image
// resource as a pending resource, Application.Deploy, then trust.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expectPositionals, parseKeyValues } from "../args";
import { type CharmArchive, readCharmArchive } from "../charm-archive";
import { CliError } from "../errors";
import type { JujuSession } from "../juju-connection";
import type { ModelTarget } from "../target";
import { uploadCharm, uploadImageResource } from "../uploads";
import { type CommandContext, withModel } from "./context";

export interface DeploySpec {
  charmPath: string;
  app: string;
  scale: number;
  trust: boolean;
  config: Record<string, string>;
  /** Resource → image; oci-image resources not given fall back to the charm's upstream-source. */
  resources: Record<string, string>;
}

const ORIGIN = {
  source: "local",
  type: "charm",
  id: "",
  revision: 0,
  architecture: "amd64",
  base: { name: "ubuntu", channel: "22.04/stable" },
};

/** Every oci-image resource's image: given, else the charm's pin; unknown names refused. */
export function resolveImages(charm: CharmArchive, given: Record<string, string>): Record<string, string> {
  for (const name of Object.keys(given))
    if (!charm.resources[name])
      throw new CliError(
        `charm ${charm.name} has no resource ${name} (it has: ${Object.keys(charm.resources).join(", ") || "none"})`,
      );
  const images: Record<string, string> = {};
  for (const [name, meta] of Object.entries(charm.resources)) {
    if (meta.type !== "oci-image") continue;
    const image = given[name] ?? meta["upstream-source"];
    if (!image) throw new CliError(`charm ${charm.name} needs --resource ${name}=<image>`);
    images[name] = image;
  }
  return images;
}

function deployedFile(target: ModelTarget): string {
  return join(target.home, "deployed", `${target.modelUuid}.json`);
}

/** The sha256 of each app's archive as charmarr deployed it in this model. */
export function readDeployedHashes(target: ModelTarget): Record<string, string> {
  try {
    return JSON.parse(readFileSync(deployedFile(target), "utf8")) as Record<string, string>;
  } catch {
    return {};
  }
}

function recordDeployed(target: ModelTarget, app: string, sha256: string): void {
  const all = readDeployedHashes(target);
  all[app] = sha256;
  mkdirSync(join(target.home, "deployed"), { recursive: true, mode: 0o700 });
  writeFileSync(deployedFile(target), `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600 });
}

export async function deployApp(
  session: JujuSession,
  target: ModelTarget,
  spec: DeploySpec,
  note: (line: string) => void,
): Promise<string> {
  const charm = readCharmArchive(spec.charmPath);
  const images = resolveImages(charm, spec.resources);
  note(`Uploading ${spec.app} (${charm.name}, sha256 ${charm.sha256.slice(0, 7)})`);
  const charmUrl = await uploadCharm(target.http, target.modelUuid, charm.name, charm.bytes);
  const resourceIds: Record<string, string> = {};
  const names = Object.keys(images);
  if (names.length > 0) {
    const pending = await session.call<{ "pending-ids"?: string[]; error?: { message: string } | null }>(
      "Resources",
      "AddPendingResources",
      {
        tag: `application-${spec.app}`,
        url: charmUrl,
        "charm-origin": ORIGIN,
        resources: names.map((name) => ({
          name,
          type: "oci-image",
          path: "",
          description: charm.resources[name]?.description ?? "",
          origin: "upload",
          revision: 0,
          fingerprint: null,
          size: 0,
        })),
      },
    );
    if (pending.error?.message)
      throw new CliError(`adding ${spec.app}'s resources: ${pending.error.message}`);
    const ids = pending["pending-ids"] ?? [];
    if (ids.length !== names.length)
      throw new CliError(`adding ${spec.app}'s resources: the controller gave no ids`);
    for (const [i, name] of names.entries()) {
      await uploadImageResource(target.http, target.modelUuid, spec.app, name, ids[i]!, images[name]!);
      resourceIds[name] = ids[i]!;
    }
  }
  await session.bulk(
    "Application",
    "Deploy",
    {
      applications: [
        {
          application: spec.app,
          "charm-url": charmUrl,
          "charm-origin": ORIGIN,
          channel: "",
          "num-units": spec.scale,
          config: spec.config,
          "config-yaml": "",
          constraints: {},
          placement: [],
          resources: resourceIds,
          storage: {},
          Force: false,
        },
      ],
    },
    [spec.app],
  );
  recordDeployed(target, spec.app, charm.sha256);
  if (spec.trust)
    await session.bulk(
      "Application",
      "SetConfigs",
      {
        Args: [{ application: spec.app, generation: "master", config: { trust: "true" }, "config-yaml": "" }],
      },
      [spec.app],
    );
  note(`Deployed ${spec.app} (${charmUrl})${spec.trust ? ", trusted" : ""}`);
  return charmUrl;
}

export async function deployCommand(ctx: CommandContext): Promise<void> {
  const [charmPath, appArg] = expectPositionals(
    ctx.args,
    1,
    2,
    "deploy <charm-file> [app] [--resource r=image] [--config k=v] [--trust]",
  );
  const charm = readCharmArchive(charmPath!);
  const app = appArg ?? charm.name;
  await withModel(ctx, (session, target) =>
    deployApp(
      session,
      target,
      {
        charmPath: charmPath!,
        app,
        scale: 1,
        trust: ctx.args.flags.has("trust"),
        config: parseKeyValues(ctx.args.lists.config ?? [], "--config"),
        resources: parseKeyValues(ctx.args.lists.resource ?? [], "--resource"),
      },
      ctx.out,
    ),
  );
}
