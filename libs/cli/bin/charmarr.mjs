#!/usr/bin/env node
import { realpathSync } from "node:fs";
// `charmarr`: Node 20 cannot run the TypeScript sources, so this bootstrap makes sure the bundle is
// current (rebuilding it when the sources changed) and runs it.
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { cliBundle } from "./build-bundle.mjs";

const here = dirname(realpathSync(import.meta.filename));
const { run } = await import(pathToFileURL(await cliBundle()).href);
await run(join(here, "../../.."));
