#!/usr/bin/env node
// `charmarr-controller [--home DIR]`: the embedded Juju controller. Node 20 cannot run the
// TypeScript sources, so this bootstrap makes sure the bundle is current and runs it.
import { pathToFileURL } from "node:url";
import { controllerBundle } from "./build-bundle.mjs";

await import(pathToFileURL(await controllerBundle()).href);
