// `charmarr status`: the model, apps, units and relations as `juju status` shows them, and the
// apps' web UI addresses from their units' opened ports.
import type { DetailedStatus, FullStatus, UnitStatus } from "./full-status";
import { table } from "./table";

function sorted<T>(record: Record<string, T> | null | undefined): [string, T][] {
  return Object.entries(record ?? {}).sort(([a], [b]) => a.localeCompare(b, "en", { numeric: true }));
}

export function formatStatus(status: FullStatus): string {
  const m = status.model;
  const cloud = (m["cloud-tag"] ?? "").replace(/^cloud-/, "");
  const sections = [
    table(
      ["Model", "Type", "Cloud/Region", "Version", "Timestamp"],
      [
        [
          m.name,
          m.type ?? "",
          [cloud, m.region].filter(Boolean).join("/"),
          m.version ?? "",
          status["controller-timestamp"]?.slice(11, 19) ?? "",
        ],
      ],
    ),
  ];
  const apps = sorted(status.applications);
  // Only the embedded controller says whether a workload is the real app or a stand-in.
  const embedded = apps.some(([, app]) => workloadKind(app) !== "");
  if (apps.length === 0) {
    sections.push("Model has no applications: charmarr up deploys the stack");
    return `${sections.join("\n\n")}\n`;
  }
  sections.push(
    table(
      [
        "App",
        "Version",
        "Status",
        "Scale",
        "Charm",
        "Rev",
        "Address",
        ...(embedded ? ["Runs"] : []),
        "Message",
      ],
      apps.map(([name, app]) => {
        const units = Object.keys(app.units ?? {}).length;
        const scale = app.int !== undefined && app.int !== units ? `${units}/${app.int}` : String(units);
        const charm = /^(?:local|ch):(?:.*\/)?(.+?)(?:-\d+)?$/.exec(app.charm ?? "")?.[1] ?? app.charm ?? "";
        return [
          name,
          app["workload-version"] ?? "",
          app.status?.status ?? "unknown",
          scale,
          charm,
          String(app["charm-rev"] ?? ""),
          app["public-address"] ?? "",
          ...(embedded ? [workloadKind(app)] : []),
          app.status?.info ?? "",
        ];
      }),
    ),
  );
  const units: [string, UnitStatus][] = apps.flatMap(([, app]) => sorted(app.units));
  if (units.length > 0)
    sections.push(
      table(
        ["Unit", "Workload", "Agent", "Address", "Ports", "Message"],
        units.map(([name, u]) => [
          `${name}${u.leader ? "*" : ""}`,
          u["workload-status"]?.status ?? "unknown",
          u["agent-status"]?.status ?? "",
          u.address ?? "",
          (u["opened-ports"] ?? []).join(","),
          u["workload-status"]?.info || u["agent-status"]?.info || "",
        ]),
      ),
    );
  const relations = [...(status.relations ?? [])].sort((a, b) => a.key.localeCompare(b.key));
  if (relations.length > 0)
    sections.push(
      table(
        ["Integration provider", "Requirer", "Interface", "Type", "Message"],
        relations.map((rel) => {
          const provider = rel.endpoints.find((e) => e.role === "provider") ?? rel.endpoints[0];
          const requirer = rel.endpoints.find((e) => e.role === "requirer") ?? rel.endpoints[1] ?? provider;
          const peer = rel.endpoints.some((e) => e.role === "peer");
          return [
            provider ? `${provider.application}:${provider.name}` : "",
            requirer ? `${requirer.application}:${requirer.name}` : "",
            rel.interface,
            peer ? "peer" : "regular",
            rel.status?.status === "joined" || !rel.status?.status
              ? (rel.status?.info ?? "")
              : rel.status.status,
          ];
        }),
      ),
    );
  return `${sections.join("\n\n")}\n`;
}

/** Each app's web UI, `http://<unit address>:<port>` from the leader's (or first unit's) opened TCP ports. */
export function webAddresses(status: FullStatus): { app: string; url: string }[] {
  const out: { app: string; url: string }[] = [];
  for (const [name, app] of sorted(status.applications)) {
    const units = sorted(app.units);
    const unit = (units.find(([, u]) => u.leader) ?? units[0])?.[1];
    if (!unit?.address) continue;
    for (const port of unit["opened-ports"] ?? []) {
      const m = /^(\d+)(?:-\d+)?\/tcp$/.exec(port);
      if (m) out.push({ app: name, url: `http://${unit.address}:${m[1]}` });
    }
  }
  return out;
}

/** "real", "stand-in" or "none" on the embedded controller; "" elsewhere. */
function workloadKind(app: { status?: DetailedStatus }): string {
  const kind = app.status?.data?.["charmarr-workload"];
  return typeof kind === "string" ? kind : "";
}

/** True when every unit is settled: active, or blocked with a message (waiting for the operator). */
export function allSettled(status: FullStatus, apps?: readonly string[]): boolean {
  const entries = sorted(status.applications).filter(([name]) => !apps || apps.includes(name));
  if (apps && entries.length < apps.length) return false;
  return entries.every(([, app]) => {
    const units = sorted(app.units);
    if (units.length === 0) return (app.int ?? 1) === 0;
    return units.every(([, u]) => {
      const w = u["workload-status"];
      return w?.status === "active" || (w?.status === "blocked" && Boolean(w.info));
    });
  });
}

/** Units in error (they will not settle by themselves). */
export function unitsInError(status: FullStatus): string[] {
  return sorted(status.applications).flatMap(([, app]) =>
    sorted(app.units)
      .filter(([, u]) => u["workload-status"]?.status === "error" || u["agent-status"]?.status === "error")
      .map(([name, u]) => `${name}: ${u["workload-status"]?.info || u["agent-status"]?.info || "error"}`),
  );
}
