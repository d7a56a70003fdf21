#!/usr/bin/env node
// Radarr/Sonarr/Prowlarr stand-in: `servarr.mjs <radarr|sonarr|prowlarr> [-nobrowser] [-data=DIR]`.
// Node 20 cannot run the TypeScript sources, so this bootstrap makes sure the bundle is current
// and runs it with the same arguments (the bundle reads process.argv itself).
import { pathToFileURL } from "node:url";
import { servarrBundle } from "./build-bundle.mjs";

await import(pathToFileURL(servarrBundle()).href);
