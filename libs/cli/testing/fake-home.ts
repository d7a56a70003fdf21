// A charmarr home whose controller.json points at a fake Juju server, and a small packed charm.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import yazl from "yazl";

export const MODEL_UUID = "8f1c3a52-5d0e-4b8e-9c4e-2f6d1a7b9e01";

/** A temp home with controller.json for a controller at `port` (this test process's pid: alive). */
export function fakeHome(port: number, password: string, pid = process.pid): string {
  const home = mkdtempSync(join(tmpdir(), "charmarr-home-"));
  mkdirSync(join(home, "controller"), { recursive: true });
  writeFileSync(
    join(home, "controller/controller.json"),
    JSON.stringify({
      endpoint: `ws://127.0.0.1:${port}`,
      "controller-uuid": "c0ffee00-0000-4000-8000-000000000001",
      "model-uuid": MODEL_UUID,
      "model-name": "charmarr",
      user: "admin",
      password,
      pid,
    }),
    { mode: 0o600 },
  );
  return home;
}

/** A minimal `.charm` (metadata.yaml with an oci-image resource, dispatch) written into `dir`. */
export async function packTinyCharm(dir: string, name: string, image: string): Promise<string> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(
    Buffer.from(
      `name: ${name}\nresources:\n  ${name}-image:\n    type: oci-image\n    description: image\n    upstream-source: ${image}\n`,
    ),
    "metadata.yaml",
  );
  zip.addBuffer(Buffer.from("#!/bin/sh\n"), "dispatch", { mode: 0o100755 });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  const path = join(dir, `${name}_amd64.charm`);
  writeFileSync(path, Buffer.concat(chunks));
  return path;
}
