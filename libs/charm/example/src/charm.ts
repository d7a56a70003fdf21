import { defineCharm } from "@charmarr/charm";
import * as z from "zod";
import metadata from "../charmcraft.yaml";

interface HelloConfig {
  greeting: string;
  style: "plain" | "loud";
  repeat: number;
}

function phrase(config: HelloConfig, name?: string): string {
  const word = config.style === "loud" ? config.greeting.toUpperCase() : config.greeting;
  const said = Array.from({ length: config.repeat }, () => word).join(" ");
  return name ? `${said}, ${name}` : said;
}

export default defineCharm<HelloConfig>({
  metadata,
  // charmcraft.yaml gives the types; these add what YAML cannot say.
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

  actions: {
    greet: {
      params: z.object({ name: z.string().min(1) }),
      async run(ctx, action) {
        action.setResults({ greeting: phrase(ctx.config, action.params.name) });
      },
    },
  },
});
