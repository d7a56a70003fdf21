import type { DatabaseTable } from "./app-database";
import { invalid } from "./http-exchange";
import {
  DefinitionStore,
  defaultSettings,
  type ProviderDefinition,
  type ProviderTemplate,
  readProviderInput,
  renderFields,
  type Settings,
  type StorePersistence,
} from "./provider-definitions";
import { type ApiRequest, idParam, queryFlag, type Router } from "./routes";
import { blocking, type ValidationFailure } from "./validation";

// The provider controller both download clients (Radarr, Sonarr) and applications (Prowlarr) go
// through (specs/app-apis.md §d, §e): list, schema, get, POST (201), PUT (202), DELETE, test.
// Saving an enabled provider validates its settings and, unless `forceSave`, tests it live;
// warnings block too unless forced.

export type Definition<X> = ProviderDefinition & { extra: X };

export interface ProviderKind<X> {
  /** The path below the API root: `downloadclient`, `applications`. */
  resource: string;
  templates: readonly ProviderTemplate[];
  /** The resource's own top-level properties (enable, priority, syncLevel …) from a body. */
  readExtra(body: Record<string, unknown>): { extra: X; failures: ValidationFailure[] };
  /** The default extras, for the schema. */
  defaultExtra: X;
  renderExtra(extra: X, template: ProviderTemplate): Record<string, unknown>;
  enabled(extra: X): boolean;
  validate(template: ProviderTemplate, settings: Settings): ValidationFailure[];
  test(template: ProviderTemplate, settings: Settings): Promise<ValidationFailure[]>;
  /** Radarr's and Sonarr's PUT re-tests only when something changed; Prowlarr's always does. */
  retestUnchanged: boolean;
  /** Prowlarr's PUT takes the id from the body (the route's only when the body has none). */
  idFromBody: boolean;
  saved?(definition: Definition<X>): void;
  deleted?(id: number): void;
}

/** A definition as the database keeps it: the template by its implementation's name. */
interface SavedDefinition<X> {
  id: number;
  name: string;
  implementation: string;
  settings: Settings;
  tags: number[];
  extra: X;
}

export type SavedDefinitions<X> = { items: SavedDefinition<X>[]; nextId: number };

function persistence<X>(
  table: DatabaseTable<SavedDefinitions<X>>,
  templates: readonly ProviderTemplate[],
): StorePersistence<Definition<X>> {
  return {
    load() {
      const saved = table.load();
      if (!saved) return undefined;
      const items = saved.items.flatMap(({ implementation, ...row }) => {
        const template = templates.find((t) => t.implementation === implementation);
        return template ? [{ ...row, template }] : [];
      });
      return { items, nextId: saved.nextId };
    },
    save(items, nextId) {
      table.save({
        items: items.map(({ template, ...row }) => ({ ...row, implementation: template.implementation })),
        nextId,
      });
    },
  };
}

export function providerRoutes<X>(
  router: Router,
  kind: ProviderKind<X>,
  table?: DatabaseTable<SavedDefinitions<X>>,
): DefinitionStore<Definition<X>> {
  const store = new DefinitionStore<Definition<X>>(table && persistence(table, kind.templates));

  const render = (
    definition: Pick<Definition<X>, "name" | "template" | "settings" | "tags" | "extra">,
    id?: number,
  ) => ({
    ...(id === undefined ? {} : { id }),
    name: definition.name,
    fields: renderFields(definition.template, definition.settings),
    implementationName: definition.template.implementationName,
    implementation: definition.template.implementation,
    configContract: definition.template.configContract,
    infoLink: definition.template.infoLink,
    tags: definition.tags,
    ...kind.renderExtra(definition.extra, definition.template),
  });

  const comparable = (d: Pick<Definition<X>, "name" | "template" | "settings" | "tags" | "extra">) =>
    JSON.stringify([d.name, d.template.implementation, d.settings, d.tags, d.extra]);

  /** Reads and checks a body; `existing` resolves masked secrets. Throws the 400 on failure. */
  const prepare = async (
    request: ApiRequest,
    mode: "create" | "update" | "test",
    existing?: Definition<X>,
  ) => {
    const body = await request.body();
    const input = readProviderInput(body, kind.templates, existing);
    const { extra, failures } = kind.readExtra(body);
    const force = queryFlag(request.query, mode === "test" ? "forceTest" : "forceSave");
    if (mode !== "test") {
      const conflict = store.nameConflict(input.name, existing?.id);
      if (conflict) failures.push(conflict);
    }
    const enabled = kind.enabled(extra);
    if (enabled || mode === "test") failures.push(...kind.validate(input.template, input.settings));
    const blocked = blocking(failures, force);
    if (blocked.length > 0) throw invalid(blocked);
    const candidate = { ...input, extra };
    const changed = !existing || comparable(existing) !== comparable(candidate);
    const runTest =
      mode === "test" || (enabled && !force && (mode === "create" || kind.retestUnchanged || changed));
    if (runTest) {
      const testFailures = blocking(await kind.test(input.template, input.settings), force);
      if (testFailures.length > 0) throw invalid(testFailures);
    }
    return candidate;
  };

  const { resource } = kind;
  router.on("GET", resource, () => ({ status: 200, body: store.list().map((d) => render(d, d.id)) }));
  router.on("GET", `${resource}/schema`, () => ({
    status: 200,
    body: kind.templates.map((template) => ({
      ...render(
        { name: "", template, settings: defaultSettings(template), tags: [], extra: kind.defaultExtra },
        0,
      ),
      presets: [],
    })),
  }));
  router.on("GET", `${resource}/{id}`, (request) => {
    const definition = store.get(idParam(request));
    return { status: 200, body: render(definition, definition.id) };
  });
  router.on("POST", resource, async (request) => {
    const candidate = await prepare(request, "create");
    const definition = store.add((id) => ({ id, ...candidate }));
    kind.saved?.(definition);
    return { status: 201, body: render(definition, definition.id) };
  });
  router.on("PUT", `${resource}/{id}`, async (request) => {
    const body = await request.body();
    const bodyId = typeof body.id === "number" && body.id !== 0 ? body.id : undefined;
    const id = kind.idFromBody ? (bodyId ?? idParam(request)) : idParam(request);
    const existing = store.get(id);
    const candidate = await prepare(request, "update", existing);
    const definition = { id, ...candidate };
    store.replace(definition);
    kind.saved?.(definition);
    return { status: 202, body: render(definition, definition.id) };
  });
  router.on("DELETE", `${resource}/{id}`, (request) => {
    const id = idParam(request);
    store.remove(id);
    kind.deleted?.(id);
    return { status: 200, body: {} };
  });
  router.on("POST", `${resource}/test`, async (request) => {
    const body = await request.body();
    const existing = typeof body.id === "number" ? store.find(body.id) : undefined;
    await prepare(request, "test", existing);
    return { status: 200, body: {} };
  });
  router.on("POST", `${resource}/testall`, async () => {
    const results = await Promise.all(
      store
        .list()
        .filter((definition) => kind.enabled(definition.extra))
        .map(async (definition) => {
          const validationFailures = await kind.test(definition.template, definition.settings);
          return { id: definition.id, isValid: validationFailures.length === 0, validationFailures };
        }),
    );
    return { status: results.every((result) => result.isValid) ? 200 : 400, body: results };
  });
  return store;
}
