// What `charmarr up` still has to do, given the bundle and the model's status: deploy the apps
// that are missing, integrate the relations that are missing, and nothing else. An app already
// there is kept, and a changed charm archive is reported, never redeployed silently.
import { type Bundle, type BundleApp, type BundleRelation, relationKey, splitEndpoint } from "./bundle";
import type { FullStatus } from "./full-status";

export interface UpPlan {
  deploy: BundleApp[];
  integrate: BundleRelation[];
  /** Apps already deployed (kept as they are). */
  present: string[];
  /** Apps whose archive differs from the one deployed (kept, reported). */
  changedCharms: { app: string; reason: string }[];
  /** Relations already there. */
  related: BundleRelation[];
}

/** The sha256 of each app's archive, and what charmarr recorded when it deployed each app. */
export interface CharmHashes {
  archive: Record<string, string>;
  deployed: Record<string, string>;
}

function relationExists(status: FullStatus, [a, b]: BundleRelation): boolean {
  const [appA, endA] = splitEndpoint(a);
  const [appB, endB] = splitEndpoint(b);
  for (const rel of status.relations ?? []) {
    const ends = rel.endpoints.map((e) => ({ app: e.application, name: e.name }));
    if (ends.length !== 2) continue;
    for (const [x, y] of [
      [ends[0]!, ends[1]!],
      [ends[1]!, ends[0]!],
    ] as const) {
      if (x.app === appA && y.app === appB && (!endA || x.name === endA) && (!endB || y.name === endB))
        return true;
    }
  }
  return false;
}

export function planUp(bundle: Bundle, status: FullStatus, hashes?: CharmHashes): UpPlan {
  const apps = status.applications ?? {};
  const plan: UpPlan = { deploy: [], integrate: [], present: [], changedCharms: [], related: [] };
  for (const app of bundle.apps) {
    const deployed = apps[app.name];
    if (!deployed) {
      plan.deploy.push(app);
      continue;
    }
    plan.present.push(app.name);
    const charmName = /^local:(?:.*\/)?(.+)-\d+$/.exec(deployed.charm ?? "")?.[1];
    const archiveName = /([^/]+)_amd64\.charm$/.exec(app.charm)?.[1];
    if (charmName && archiveName && charmName !== archiveName) {
      plan.changedCharms.push({
        app: app.name,
        reason: `${app.name} runs charm ${charmName}, the bundle wants ${archiveName}`,
      });
      continue;
    }
    const archive = hashes?.archive[app.name];
    const recorded = hashes?.deployed[app.name];
    if (archive && recorded && archive !== recorded)
      plan.changedCharms.push({
        app: app.name,
        reason: `${app.charm} changed since ${app.name} was deployed (sha256 ${recorded.slice(0, 7)} → ${archive.slice(0, 7)})`,
      });
  }
  const seen = new Set<string>();
  for (const rel of bundle.relations) {
    const key = relationKey(rel[0], rel[1]);
    if (seen.has(key)) continue;
    seen.add(key);
    if (relationExists(status, rel)) plan.related.push(rel);
    else plan.integrate.push(rel);
  }
  return plan;
}

/** True when the plan changes nothing. */
export function planIsEmpty(plan: UpPlan): boolean {
  return plan.deploy.length === 0 && plan.integrate.length === 0;
}
