import { describe, expect, it } from "vitest";
import * as z from "zod";
import { type CharmDefinition, defineCharm } from "../define-charm";
import type { CharmMetadata } from "./charm-metadata";
import { definitionProblems } from "./definition-check";

const metadata: CharmMetadata = {
  name: "hello",
  config: { options: { greeting: { type: "string", default: "hi" }, style: { type: "string" } } },
  actions: {
    greet: {
      params: { name: { type: "string" }, loud: { type: "boolean", default: false } },
      required: ["name"],
    },
    wave: {},
  },
};

const greet = { params: z.object({ name: z.string(), loud: z.boolean() }), run: async () => {} };
const wave = { params: z.object({}), run: async () => {} };
const check = (charm: CharmDefinition<Record<string, unknown>>) =>
  definitionProblems(charm as unknown as CharmDefinition<never>);

describe("definitionProblems", () => {
  it("finds nothing when the definition matches charmcraft.yaml", () => {
    expect(
      check(defineCharm({ metadata, config: { style: z.enum(["a"]) }, actions: { greet, wave } })),
    ).toEqual([]);
  });

  it("finds an action handled by a feature", () => {
    const feature = { name: "waver", actions: { wave } };
    expect(check(defineCharm({ metadata, actions: { greet }, features: [feature] }))).toEqual([]);
  });

  it("names a refinement of an option the YAML lacks, in the charm or a feature", () => {
    const charm = defineCharm({
      metadata,
      config: { styel: z.string() },
      actions: { greet, wave },
      features: [{ name: "secret", config: { "rotation-interval": z.string() } }],
    });
    expect(check(charm)).toEqual([
      'the charm refines config option "styel", which charmcraft.yaml lacks (options: greeting, style)',
      'feature "secret" refines config option "rotation-interval", which charmcraft.yaml lacks (options: greeting, style)',
    ]);
  });

  it("names actions handled but not declared, and declared but not handled", () => {
    const charm = defineCharm({ metadata, actions: { greet, jump: wave } });
    expect(check(charm)).toEqual([
      'the charm handles action "jump", which charmcraft.yaml does not declare',
      'action "wave" is declared in charmcraft.yaml but nothing handles it',
    ]);
  });

  it("names params that disagree with the YAML either way", () => {
    const params = z.object({ name: z.string(), volume: z.number(), extra: z.string().optional() });
    const charm = defineCharm({ metadata, actions: { greet: { params, run: async () => {} }, wave } });
    expect(check(charm)).toEqual([
      'the charm: action "greet" reads param "volume", which charmcraft.yaml does not declare',
      'the charm: action "greet" reads param "extra", which charmcraft.yaml does not declare',
      'the charm: action "greet" ignores param "loud", which charmcraft.yaml declares',
    ]);
  });

  it("names a required param that Juju may leave out", () => {
    const loose: CharmMetadata = {
      ...metadata,
      actions: { greet: { params: { name: { type: "string" } } }, wave: {} },
    };
    const charm = defineCharm({
      metadata: loose,
      actions: { greet: { params: z.object({ name: z.string() }), run: async () => {} }, wave },
    });
    expect(check(charm)).toEqual([
      'the charm: action "greet" requires param "name", which charmcraft.yaml lets Juju leave out (add it to required, or give it a default)',
    ]);
  });
});
