import type { IncomingHttpHeaders, ServerResponse } from "node:http";
import { xmlAttributes } from "./xml-text";

// PMS answers with a MediaContainer element tree: XML by default, JSON when the client's Accept
// asks for application/json. In JSON each element's attributes become fields and its children are
// grouped by tag into arrays (`{"MediaContainer":{"size":1,"Directory":[{…,"Location":[…]}]}}`).

export type AttributeValue = string | number | boolean | undefined;

export interface PlexElement {
  tag: string;
  attributes: Readonly<Record<string, AttributeValue>>;
  children?: readonly PlexElement[];
}

export function renderXml(element: PlexElement): string {
  const open = `<${element.tag}${xmlAttributes(element.attributes)}`;
  if (!element.children?.length) return `${open} />`;
  return `${open}>\n${element.children.map(renderXml).join("\n")}\n</${element.tag}>`;
}

export function toJson(element: PlexElement): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(element.attributes)) if (value !== undefined) out[name] = value;
  for (const child of element.children ?? []) {
    const group = (out[child.tag] as unknown[] | undefined) ?? [];
    group.push(toJson(child));
    out[child.tag] = group;
  }
  return out;
}

export function wantsJson(headers: IncomingHttpHeaders): boolean {
  return /\bapplication\/json\b/i.test(headers.accept ?? "");
}

export function sendContainer(
  res: ServerResponse,
  headers: IncomingHttpHeaders,
  container: PlexElement,
  status = 200,
): undefined {
  const json = wantsJson(headers);
  const body = json
    ? JSON.stringify({ [container.tag]: toJson(container) })
    : `<?xml version="1.0" encoding="UTF-8"?>\n${renderXml(container)}\n`;
  res.writeHead(status, {
    "content-type": json ? "application/json" : "text/xml;charset=utf-8",
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
}

export function sendHtml(res: ServerResponse, status: number, body: string): undefined {
  res.writeHead(status, { "content-type": "text/html", "content-length": Buffer.byteLength(body) });
  res.end(body);
}
