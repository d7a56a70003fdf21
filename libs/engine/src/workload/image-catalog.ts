import { posix } from "node:path";
import { BUILTIN_IMAGES } from "./builtin-images";
import type { DebianPackage } from "./debian-packages";
import { imageRepository } from "./image-reference";

// What each OCI image provides inside its container, so that a charm's Pebble layer written for the
// real image runs unchanged on the host's Debian userland.

export interface ImageUser {
  name: string;
  uid: number;
  gid: number;
  home: string;
  shell: string;
}

export interface ImageGroup {
  name: string;
  gid: number;
  members?: readonly string[];
}

/** A host program run in place of an image's binary. */
export interface HostCommand {
  /** The argv prefix; the launcher appends its own arguments. The first element is an absolute host path. */
  command: readonly string[];
  /** Host files or directories the command needs (a script and its modules), bound read-only at the same path. */
  binds?: readonly string[];
}

/** A file at the image's binary path that execs a host command with its arguments passed through. */
export interface ImageLauncher {
  path: string;
  /** A fixed host command, or whatever stand-in server is registered for the image. */
  target: HostCommand | "stand-in";
  /** `python` when the image runs the file with its own interpreter (`python3 /app/x.py`); `sh` otherwise. */
  language?: LauncherLanguage;
}

export type LauncherLanguage = "sh" | "python";

export interface ImageEntry {
  /** The canonical repository, normalised (`lscr.io/linuxserver/radarr`). */
  repository: string;
  /** Other repositories that publish the same image (`ghcr.io/linuxserver/radarr`). */
  aliases?: readonly string[];
  summary: string;
  /** The image's ENV: what Pebble, and so every service and exec, starts with. */
  environment?: Readonly<Record<string, string>>;
  users?: readonly ImageUser[];
  groups?: readonly ImageGroup[];
  directories?: readonly string[];
  symlinks?: readonly { path: string; target: string }[];
  launchers?: readonly ImageLauncher[];
  /** Debian packages whose programs the image's commands run. */
  packages?: readonly DebianPackage[];
}

/** An entry with every launcher's host command known. */
export interface ResolvedImage {
  reference: string;
  entry: ImageEntry;
  launchers: readonly ResolvedLauncher[];
}

export interface ResolvedLauncher {
  path: string;
  language: LauncherLanguage;
  target: HostCommand;
  standIn: boolean;
}

export class UnknownImageError extends Error {
  constructor(
    readonly image: string,
    known: readonly string[],
    context = "",
  ) {
    super(
      `${context ? `${context}: ` : ""}image ${JSON.stringify(image)} (repository ${safeRepository(image)}) ` +
        `is not in the workload image catalog; known images: ${known.join(", ")}`,
    );
    this.name = "UnknownImageError";
  }
}

export class StandInNotRegisteredError extends Error {
  constructor(
    readonly repository: string,
    launcherPath: string,
    context = "",
  ) {
    super(
      `${context ? `${context}: ` : ""}image ${repository} runs a stand-in server at ${launcherPath}, ` +
        `but none is registered: call registerStandIn(${JSON.stringify(repository)}, { command: [...] }) ` +
        "(libs/stand-ins does this for the apps it fakes)",
    );
    this.name = "StandInNotRegisteredError";
  }
}

export class ImageCatalogError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ImageCatalogError";
  }
}

function safeRepository(image: string): string {
  try {
    return imageRepository(image);
  } catch (error) {
    return `unparsable: ${(error as Error).message}`;
  }
}

function assertContainerPath(path: string, what: string): void {
  if (!path.startsWith("/") || posix.normalize(path) !== path || path === "/") {
    throw new ImageCatalogError(
      `${what} ${JSON.stringify(path)} must be an absolute, normalised path below /`,
    );
  }
}

function assertHostCommand(command: HostCommand, what: string): void {
  const program = command.command[0];
  if (program === undefined || !posix.isAbsolute(program)) {
    throw new ImageCatalogError(
      `${what} must start with an absolute host path, got ${JSON.stringify(program)}`,
    );
  }
  for (const bind of command.binds ?? []) {
    if (!posix.isAbsolute(bind))
      throw new ImageCatalogError(`${what}: bind ${JSON.stringify(bind)} is not absolute`);
  }
}

function validateEntry(entry: ImageEntry): void {
  const what = `image ${entry.repository}`;
  if (imageRepository(entry.repository) !== entry.repository) {
    throw new ImageCatalogError(
      `${what}: repository must be normalised (${imageRepository(entry.repository)})`,
    );
  }
  for (const dir of entry.directories ?? []) assertContainerPath(dir, `${what}: directory`);
  for (const link of entry.symlinks ?? []) assertContainerPath(link.path, `${what}: symlink`);
  for (const launcher of entry.launchers ?? []) {
    assertContainerPath(launcher.path, `${what}: launcher`);
    if (launcher.target !== "stand-in")
      assertHostCommand(launcher.target, `${what}: launcher ${launcher.path}`);
  }
}

/**
 * Image entries by repository (tags are ignored: one entry serves every version), and the stand-in
 * servers registered for the images whose apps cannot run here.
 */
export class ImageCatalog {
  private readonly byRepository = new Map<string, ImageEntry>();
  private readonly standIns = new Map<string, HostCommand>();

  constructor(entries: readonly ImageEntry[] = []) {
    for (const entry of entries) this.add(entry);
  }

  add(entry: ImageEntry): void {
    validateEntry(entry);
    const names = [entry.repository, ...(entry.aliases ?? []).map(imageRepository)];
    for (const name of names) {
      if (this.byRepository.has(name)) throw new ImageCatalogError(`image ${name} is already in the catalog`);
    }
    for (const name of names) this.byRepository.set(name, entry);
  }

  /** The entry for an image reference (any tag, any alias), if known. */
  find(image: string): ImageEntry | undefined {
    return this.byRepository.get(imageRepository(image));
  }

  /** The canonical repositories, sorted. */
  repositories(): string[] {
    return [...new Set([...this.byRepository.values()].map((entry) => entry.repository))].sort();
  }

  /**
   * Says which host command serves an image's stand-in launchers (args are passed through). Returns
   * a function that takes the registration back.
   */
  registerStandIn(image: string, command: HostCommand): () => void {
    const entry = this.find(image);
    if (!entry) throw new UnknownImageError(image, this.repositories());
    if (!entry.launchers?.some((launcher) => launcher.target === "stand-in")) {
      throw new ImageCatalogError(`image ${entry.repository} runs no stand-in server`);
    }
    assertHostCommand(command, `stand-in for ${entry.repository}`);
    this.standIns.set(entry.repository, command);
    return () => {
      if (this.standIns.get(entry.repository) === command) this.standIns.delete(entry.repository);
    };
  }

  /** The entry for an image with its launchers' commands; `context` prefixes error messages. */
  resolve(image: string, context = ""): ResolvedImage {
    let entry: ImageEntry | undefined;
    try {
      entry = this.find(image);
    } catch {
      // An unparsable reference is just as unknown.
    }
    if (!entry) throw new UnknownImageError(image, this.repositories(), context);
    const launchers = (entry.launchers ?? []).map((launcher): ResolvedLauncher => {
      const language = launcher.language ?? "sh";
      if (launcher.target !== "stand-in") {
        return { path: launcher.path, language, target: launcher.target, standIn: false };
      }
      const standIn = this.standIns.get(entry.repository);
      if (!standIn) throw new StandInNotRegisteredError(entry.repository, launcher.path, context);
      return { path: launcher.path, language, target: standIn, standIn: true };
    });
    return { reference: image, entry, launchers };
  }
}

/** The catalog the engine uses unless told otherwise: the images of the Charmarr charms. */
export const imageCatalog = new ImageCatalog(BUILTIN_IMAGES);

/** Registers a stand-in server in the shared catalog (libs/stand-ins calls this). */
export function registerStandIn(image: string, command: HostCommand): () => void {
  return imageCatalog.registerStandIn(image, command);
}
