#!/usr/bin/env node
// Gluetun stand-in as a process: `gluetun.mjs [healthcheck]`, settings from the environment and
// secret files as Gluetun reads them. Makes sure the bundle is current, then runs it.
import { pathToFileURL } from "node:url";
import { gluetunBundle } from "./build-bundle.mjs";

await import(pathToFileURL(gluetunBundle()).href);
