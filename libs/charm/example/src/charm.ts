import { defineCharm } from "@charmarr/charm";
import * as z from "zod";
import metadata, { type Config } from "../charmcraft.yaml";

/** The greeting as the options say it: `style` is refined below to plain or loud. */
function phrase(config: Config & { style: "plain" | "loud" }, name?: string): string {
  const word = config.style === "loud" ? config.greeting.toUpperCase() : config.greeting;
  const said = Array.from({ length: config.repeat }, () => word).join(" ");
  return name ? `${said}, ${name}` : said;
}

// charmcraft.yaml gives the options and their types (charmcraft.d.yaml.ts, generated from it);
// a refinement adds what YAML cannot say, and narrows the option's type in ctx.config.
export default defineCharm({
  metadata,
  config: {
    style: z.enum(["plain", "loud"]),
    repeat: z.number().int().min(1).max(5).describe("a whole number from 1 to 5"),
  },

  // Runs on every hook: publish the greeting where the leader can, then say how things are.
  async reconcile(ctx) {
    const greeting = phrase(ctx.config);
    const [leader, relations] = await Promise.all([ctx.isLeader(), ctx.relations("greetings")]);
    if (leader) {
      await Promise.all(relations.map((relation) => relation.setAppData({ greeting })));
    }
    ctx.status.active(relations.length ? `greeting ${relations.length} application(s)` : "");
  },

  // Every action declared in charmcraft.yaml, with params of the declared shape.
  actions: {
    greet: {
      params: z.object({ name: z.string().min(1) }),
      async run(ctx, action) {
        action.setResults({ greeting: phrase(ctx.config, action.params.name) });
      },
    },
  },
});
