#!/usr/bin/env node
// Plex Media Server stand-in: `plex.mjs` (no arguments, like the real binary). Node 20 cannot run
// the TypeScript sources, so this bootstrap makes sure the bundle is current and runs it.
import { pathToFileURL } from "node:url";
import { plexBundle } from "./build-bundle.mjs";

await import(pathToFileURL(plexBundle()).href);
