import yazl from "yazl";

/** A `.charm` archive holding only `files` (metadata.yaml ...): enough for the charm store. */
export function charmZip(files: Record<string, string>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const mtime = new Date(0);
  for (const [name, text] of Object.entries(files)) zip.addBuffer(Buffer.from(text), name, { mtime });
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on("data", (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on("end", () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on("error", reject);
  });
}
