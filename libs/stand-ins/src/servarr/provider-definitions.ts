import { HttpProblem, invalid, notFound } from "./http-exchange";
import { failure, type ValidationFailure } from "./validation";

// The apps' provider machinery (ProviderControllerBase, SchemaBuilder; specs/app-apis.md §d):
// settings travel as a `fields` array; on input only name and value count, unknown names are
// ignored and missing ones keep their defaults; on every read a non-empty password or API-key
// field is replaced by `********`, and on PUT that very string keeps the stored secret.

export const MASK = "********";

export type FieldValue = string | number | boolean | number[];
export type FieldKind = "string" | "number" | "boolean" | "numbers";
export type Privacy = "normal" | "password" | "apiKey" | "userName";

export interface SelectOption {
  value: number;
  name: string;
  order: number;
}

export interface FieldTemplate {
  name: string;
  label: string;
  /** The UI type (`textbox`, `password`, `checkbox`, `select`, `tag` …). */
  type: string;
  kind: FieldKind;
  default?: FieldValue;
  privacy?: Privacy;
  advanced?: boolean;
  helpText?: string;
  selectOptions?: readonly SelectOption[];
}

export interface ProviderTemplate {
  implementation: string;
  implementationName: string;
  configContract: string;
  infoLink: string;
  fields: readonly FieldTemplate[];
}

export type Settings = Record<string, FieldValue | undefined>;

export interface ProviderDefinition {
  id: number;
  name: string;
  template: ProviderTemplate;
  settings: Settings;
  tags: number[];
}

const isSecret = (field: FieldTemplate) => field.privacy === "password" || field.privacy === "apiKey";

/** The fields array of a read: every template field in order, secrets masked. */
export function renderFields(
  template: ProviderTemplate,
  settings: Settings,
  mask = true,
): Record<string, unknown>[] {
  return template.fields.map((field, order) => {
    const value = settings[field.name];
    return {
      order,
      name: field.name,
      label: field.label,
      ...(field.helpText ? { helpText: field.helpText } : {}),
      value: mask && isSecret(field) && value !== undefined && value !== "" ? MASK : value,
      type: field.type,
      advanced: field.advanced ?? false,
      ...(field.selectOptions ? { selectOptions: field.selectOptions } : {}),
      privacy: field.privacy ?? "normal",
      isFloat: false,
    };
  });
}

/** The template's defaults. */
export function defaultSettings(template: ProviderTemplate): Settings {
  return Object.fromEntries(template.fields.map((field) => [field.name, field.default]));
}

function coerce(field: FieldTemplate, value: unknown): FieldValue | undefined {
  if (value === null || value === undefined) return undefined;
  switch (field.kind) {
    case "string":
      return typeof value === "object" ? undefined : String(value);
    case "number": {
      const number = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
      return typeof number === "number" && Number.isInteger(number) ? number : undefined;
    }
    case "boolean":
      if (typeof value === "boolean") return value;
      return value === "true" || value === "True"
        ? true
        : value === "false" || value === "False"
          ? false
          : undefined;
    case "numbers": {
      // Arrays or comma-separated strings (specs/app-apis.md §e).
      const items = typeof value === "string" ? value.split(",").filter((s) => s.trim() !== "") : value;
      if (!Array.isArray(items)) return undefined;
      const numbers = items.map((item) => Number(item));
      return numbers.every(Number.isInteger) ? numbers : undefined;
    }
  }
}

/** What a POST or PUT body says about a provider, secrets resolved against the stored one. */
export interface ProviderInput {
  name: string;
  template: ProviderTemplate;
  settings: Settings;
  tags: number[];
}

export function readProviderInput(
  body: Record<string, unknown>,
  templates: readonly ProviderTemplate[],
  existing: ProviderDefinition | undefined,
): ProviderInput {
  const failures: ValidationFailure[] = [];
  const name = typeof body.name === "string" ? body.name : "";
  if (name.trim() === "") failures.push(failure("Name", "'Name' must not be empty."));
  const implementation = typeof body.implementation === "string" ? body.implementation : "";
  const configContract = typeof body.configContract === "string" ? body.configContract : "";
  if (!implementation) failures.push(failure("Implementation", "'Implementation' must not be empty."));
  if (!configContract) failures.push(failure("ConfigContract", "'Config Contract' must not be empty."));
  if (!existing && !Array.isArray(body.fields))
    failures.push(failure("Fields", "'Fields' must not be empty."));
  if (failures.length > 0) throw invalid(failures);
  const template = templates.find((t) => t.implementation.toLowerCase() === implementation.toLowerCase());
  if (!template || template.configContract !== configContract) {
    throw new HttpProblem(400, { message: `Unknown implementation ${implementation} (${configContract})` });
  }
  const keep = existing?.template === template ? existing.settings : undefined;
  const settings: Settings = { ...(keep ?? defaultSettings(template)) };
  const given = Array.isArray(body.fields) ? body.fields : [];
  for (const item of given) {
    if (typeof item !== "object" || item === null) continue;
    const { name: fieldName, value } = item as { name?: unknown; value?: unknown };
    const field = template.fields.find((f) => f.name === fieldName);
    if (!field) continue;
    if (keep && isSecret(field) && value === MASK) continue;
    const coerced = coerce(field, value);
    if (coerced === undefined && value !== null && value !== undefined) {
      failures.push(failure(field.label, `'${field.label}' is not a valid ${field.kind} value.`));
    }
    settings[field.name] = coerced ?? field.default;
  }
  if (failures.length > 0) throw invalid(failures);
  const tags = Array.isArray(body.tags)
    ? body.tags.filter((tag): tag is number => Number.isInteger(tag))
    : [];
  return { name, template, settings, tags };
}

/** How a store keeps its rows across restarts (the app's database table). */
export interface StorePersistence<D> {
  load(): { items: D[]; nextId: number } | undefined;
  save(items: D[], nextId: number): void;
}

/** Definitions, ids from 1 (never reused), listed by name as the apps do. */
export class DefinitionStore<D extends { id: number; name: string }> {
  private readonly items = new Map<number, D>();
  private nextId = 1;

  constructor(private readonly persistence?: StorePersistence<D>) {
    const saved = persistence?.load();
    if (saved) {
      for (const item of saved.items) this.items.set(item.id, item);
      this.nextId = saved.nextId;
    }
  }

  list(): D[] {
    return [...this.items.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  get(id: number): D {
    const item = this.items.get(id);
    if (!item) throw notFound();
    return item;
  }

  find(id: number): D | undefined {
    return this.items.get(id);
  }

  /** A failure when another definition already has this name (case-insensitive). */
  nameConflict(name: string, exceptId?: number): ValidationFailure | undefined {
    const taken = [...this.items.values()].some(
      (item) => item.id !== exceptId && item.name.toLowerCase() === name.toLowerCase(),
    );
    return taken ? failure("Name", "Should be unique") : undefined;
  }

  add(make: (id: number) => D): D {
    const item = make(this.nextId++);
    this.items.set(item.id, item);
    this.save();
    return item;
  }

  replace(item: D): void {
    this.items.set(item.id, item);
    this.save();
  }

  remove(id: number): void {
    if (!this.items.delete(id)) throw notFound();
    this.save();
  }

  private save(): void {
    this.persistence?.save([...this.items.values()], this.nextId);
  }
}
