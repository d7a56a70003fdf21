// `charmarr integrate a b` and `charmarr remove-relation a b`.
import { expectPositionals } from "../args";
import { CliError, isAlreadyExists } from "../errors";
import { type CommandContext, withModel } from "./context";

export async function integrateCommand(ctx: CommandContext): Promise<void> {
  const [a, b] = expectPositionals(ctx.args, 2, 2, "integrate <app>[:endpoint] <app>[:endpoint]");
  await withModel(ctx, async (session) => {
    try {
      await session.call("Application", "AddRelation", { endpoints: [a, b] });
    } catch (err) {
      if (isAlreadyExists(err)) {
        ctx.out(`${a} and ${b} are already related`);
        return;
      }
      throw err;
    }
    ctx.out(`Integrated ${a} and ${b}`);
  });
}

export async function removeRelationCommand(ctx: CommandContext): Promise<void> {
  const [a, b] = expectPositionals(ctx.args, 2, 2, "remove-relation <app>[:endpoint] <app>[:endpoint]");
  await withModel(ctx, async (session) => {
    try {
      await session.call("Application", "DestroyRelation", { endpoints: [a, b] });
    } catch (err) {
      if (/not found/i.test((err as Error).message))
        throw new CliError(`${a} and ${b} are not related (charmarr status lists the relations)`);
      throw err;
    }
    ctx.out(`Removed the relation between ${a} and ${b}`);
  });
}
