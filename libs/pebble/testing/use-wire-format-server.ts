/**
 * TEST FIXTURE: a fresh WireFormatServer and a PebbleClient on its socket for each test.
 */
import { afterEach, beforeEach } from "vitest";
import { PebbleClient, type PebbleClientOptions } from "../src/pebble-client";
import { WireFormatServer } from "./wire-format-server";

export interface WireFormatContext {
  server: WireFormatServer;
  client: PebbleClient;
}

export function useWireFormatServer(options: PebbleClientOptions = {}): WireFormatContext {
  const context = {} as WireFormatContext;
  beforeEach(async () => {
    context.server = await WireFormatServer.start();
    context.client = new PebbleClient(context.server.socketPath, options);
  });
  afterEach(async () => {
    context.client.close();
    await context.server.close();
  });
  return context;
}
