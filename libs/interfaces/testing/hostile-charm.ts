import { type CharmDefinition, type Databag, declareMetadata, defineCharm } from "@charmarr/charm";
import { testModel } from "@charmarr/testing";
import fc from "fast-check";
import { expect } from "vitest";
import { type FieldArbitraries, hostileDatabag } from "./hostile-databags";
import { MAX_REASON } from "./reader-property";

/** What the hostile app publishes in its next hook, per application name (set by the property). */
const published = new Map<string, Databag>();

/**
 * A related application that publishes whatever the property gives it, on every relation of
 * `endpoint`, in every hook of its leader: the other side of an interface, gone hostile.
 */
export function hostileCharm(
  name: string,
  endpoint: string,
  role: "provides" | "requires",
  iface = endpoint,
) {
  const metadata = { name, [role]: { [endpoint]: { interface: iface } } };
  const charm = defineCharm({
    metadata: declareMetadata(metadata),
    async reconcile(ctx) {
      if (!(await ctx.isLeader())) return;
      const bag = published.get(ctx.app.name) ?? {};
      for (const relation of await ctx.relations(endpoint)) {
        const current = await relation.localAppData();
        // Entries, not assignments: a key such as `__proto__` stays a key.
        const changes: Databag = Object.fromEntries([
          ...Object.keys(current)
            .filter((key) => !Object.hasOwn(bag, key))
            .map((key) => [key, ""]),
          ...Object.entries(bag),
        ]);
        if (Object.keys(changes).length > 0) await relation.setAppData(changes);
      }
    },
  });
  return { charm, metadata };
}

/** One relation of the charm under test, with a hostile application on its other side. */
export interface HostileRelation {
  endpoint: string;
  /** The hostile app's side of the relation. */
  role: "provides" | "requires";
  fields: FieldArbitraries;
}

/**
 * Property: the real charm `charm` (deployed in-process as `app`), related on each endpoint to
 * an application publishing generated hostile databags, never fails a hook, keeps its status
 * message within MAX_REASON characters and repeating no long value, and leaks nothing (settle()
 * throws on a leak). Each run is a fresh model: deploy, relate, settle; then every bag changes
 * once more (update-status of the hostile apps: relation-changed on the charm).
 */
export async function assertCharmSurvivesHostileRelations<C>(opts: {
  charm: CharmDefinition<C>;
  app: string;
  relations: HostileRelation[];
  config?: Record<string, unknown>;
  numRuns?: number;
}): Promise<void> {
  const sides = opts.relations.map((r, i) => ({
    ...r,
    name: `hostile${i}`,
    ...hostileCharm(`hostile${i}`, r.endpoint, r.role),
  }));
  const bags = fc.tuple(...sides.map((s) => hostileDatabag(s.fields))).map((b): Databag[] => [...b]);
  await fc.assert(
    fc.asyncProperty(bags, bags, async (first, second) => {
      const m = await testModel();
      try {
        m.deploy(opts.app, { charm: opts.charm, config: opts.config });
        const ids = sides.map((side, i) => {
          m.deploy(side.name, { charm: side.charm, metadata: side.metadata });
          published.set(side.name, first[i]!);
          return m.integrate(`${opts.app}:${side.endpoint}`, `${side.name}:${side.endpoint}`).id;
        });
        await m.settle();
        for (const [i, side] of sides.entries()) published.set(side.name, second[i]!);
        m.advance(5 * 60_000); // update-status: each hostile leader publishes its new bag
        await m.settle();
        // The charm under test saw the bags: what Juju holds is what the hostile apps published.
        sides.forEach((side, i) => {
          const delivered = Object.fromEntries(Object.entries(second[i]!).filter(([, v]) => v !== ""));
          expect(m.databag(ids[i] as number, side.name)).toEqual(delivered);
        });
        const ours = m.hookLog.filter((h) => h.unit.startsWith(`${opts.app}/`));
        expect(ours.some((h) => h.hook.endsWith("-relation-changed"))).toBe(true);
        expect(ours.filter((h) => h.result !== "ok").map((h) => `${h.hook}: ${h.error ?? h.result}`)).toEqual(
          [],
        );
        const { message } = m.unitStatus(`${opts.app}/0`);
        expect(message.length).toBeLessThanOrEqual(MAX_REASON);
        for (const bag of [...first, ...second])
          for (const value of Object.values(bag))
            if (value.length >= 24) expect(message.includes(value)).toBe(false);
      } finally {
        for (const side of sides) published.delete(side.name);
        await m.close();
      }
    }),
    { numRuns: opts.numRuns ?? 20 },
  );
}
