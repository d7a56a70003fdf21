import { parse } from "yaml";
import { fakeApp } from "./fake-credential-workload";
import { defineTokenOwner } from "./token-owner-definition";

export { defineTokenOwner, type KeeperApp, type Token } from "./token-owner-definition";

/** A charm that owns a `token` secret and shares it on its `token` endpoint. */
export const TOKEN_OWNER_YAML = `
name: keeper
type: charm
summary: owns a token
description: test charm
config:
  options:
    rotation-interval:
      type: string
      default: monthly
      description: How often to rotate the token.
actions:
  rotate-credentials:
    description: Rotate the token now.
provides:
  token:
    interface: token
`;

/** In-process keeper: its app is a FakeCredentialApp in this test process. */
export const tokenOwnerCharm = defineTokenOwner(async (ctx) => {
  const app = fakeApp(ctx.app.name);
  return {
    workload: app.workload(),
    seed: async (value) => {
      if (app.up && app.credential === undefined) app.credential = value;
    },
  };
}, parse(TOKEN_OWNER_YAML)).charm;
