// OCI image references as a charm's `upstream-source` or `juju deploy --resource` gives them.

export interface ImageReference {
  /** Registry and path, normalised as Docker does: `redis` is `docker.io/library/redis`. */
  repository: string;
  tag?: string;
  digest?: string;
}

export class ImageReferenceError extends Error {
  constructor(reference: string, why: string) {
    super(`invalid image reference ${JSON.stringify(reference)}: ${why}`);
    this.name = "ImageReferenceError";
  }
}

const DOCKER_HUB = "docker.io";
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

/** Whether the first path component names a registry rather than a Docker Hub namespace. */
function isRegistry(component: string): boolean {
  return component.includes(".") || component.includes(":") || component === "localhost";
}

/** Splits `registry/path:tag@digest`; the tag and digest are kept but never select an image here. */
export function parseImageReference(reference: string): ImageReference {
  const trimmed = reference.trim();
  const [nameAndTag = "", digest, ...extra] = trimmed.split("@");
  if (extra.length > 0) throw new ImageReferenceError(reference, "more than one @");
  // A colon after the last slash is the tag; one before it belongs to a registry port.
  const slash = nameAndTag.lastIndexOf("/");
  const colon = nameAndTag.lastIndexOf(":");
  const name = colon > slash ? nameAndTag.slice(0, colon) : nameAndTag;
  const tag = colon > slash ? nameAndTag.slice(colon + 1) : undefined;
  const components = name.split("/");
  const first = components[0] ?? "";
  let registry = DOCKER_HUB;
  if (components.length > 1 && isRegistry(first)) {
    registry = first === "index.docker.io" ? DOCKER_HUB : first;
    components.shift();
  }
  if (registry === DOCKER_HUB && components.length === 1) components.unshift("library");
  for (const component of components) {
    if (!COMPONENT.test(component)) {
      throw new ImageReferenceError(reference, `bad path component ${JSON.stringify(component)}`);
    }
  }
  if (tag === "") throw new ImageReferenceError(reference, "empty tag");
  return {
    repository: [registry, ...components].join("/"),
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
}

/** The normalised repository of an image reference (tag and digest dropped). */
export function imageRepository(reference: string): string {
  return parseImageReference(reference).repository;
}
