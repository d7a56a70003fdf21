import type { CharmContext, Relation, SecretInfo } from "@charmarr/charm";

const APP_TARGET = /^application-(.+)$/;

/**
 * Least privilege: the secret is granted on each relation that needs it and on no other. An
 * app that has access but is no longer on one of those relations (the relation is being
 * broken, or the charm stopped needing to share) is revoked. Grants already in place are
 * left alone, so a steady-state hook makes no grant calls.
 */
export async function syncGrants(
  ctx: CharmContext<unknown>,
  xid: string,
  info: Pick<SecretInfo, "access" | "label">,
  relations: readonly Relation[],
): Promise<void> {
  const granted = new Set(
    info.access.map((a) => APP_TARGET.exec(a.target)?.[1]).filter((app): app is string => Boolean(app)),
  );
  // In relation-departed the relation may be on its way out, its grants already dropped by Juju:
  // granting on it again would be refused at commit and fail the hook. Its app keeps any grant it
  // has (an app-level grant survives one unit leaving), and the broken hook revokes what is left.
  const departing = ctx.event.kind === "relation-departed" ? ctx.event.relationId : undefined;
  const wanted = new Map<string, Relation>();
  const keep = new Set<string>();
  for (const relation of relations) {
    const app = await relation.remoteApp();
    if (relation.id === departing) keep.add(app);
    else wanted.set(app, relation);
  }

  const calls: Promise<void>[] = [];
  for (const [app, relation] of wanted) {
    if (!granted.has(app)) calls.push(ctx.tools.secretGrant(xid, relation.id));
  }
  for (const app of granted) {
    if (!wanted.has(app) && !keep.has(app)) calls.push(ctx.tools.secretRevoke(xid, { app }));
  }
  await Promise.all(calls);
  if (calls.length > 0) {
    ctx.log.info(
      {
        secret: info.label,
        grant: [...wanted.keys()].filter((a) => !granted.has(a)),
        revoke: [...granted].filter((a) => !wanted.has(a) && !keep.has(a)),
      },
      "grants updated",
    );
  }
}
