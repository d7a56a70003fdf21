import type * as z from "zod";
import type { ProviderInput } from "./resources";
import { ServarrHttpError, type ServarrValidationFailure } from "./servarr-errors";
import type { ServarrHttp } from "./servarr-http";

// The apps serve download clients and applications through one provider controller: list, get,
// add (POST, 201), update (PUT /{id}, 202), delete, test. Adding or updating an enabled provider
// makes the app contact it first; `forceSave` skips that (specs/app-apis.md §d, §e).

export interface SaveOptions {
  /** Save even if the app cannot reach the provider (validation errors still fail). */
  forceSave?: boolean;
}

/** The outcome of the app testing a provider: a 400 with failures is an answer, not an error. */
export type ProviderTestResult =
  | { valid: true }
  | { valid: false; failures: readonly ServarrValidationFailure[] };

export class ProviderApi<T extends { id: number }, I extends ProviderInput> {
  constructor(
    private readonly http: ServarrHttp,
    /** The path below the API root: `downloadclient`, `applications`. */
    private readonly resource: string,
    private readonly schema: z.ZodType<T>,
    private readonly listSchema: z.ZodType<T[]>,
  ) {}

  /** Every provider, as the app sorts them (by name); secret fields masked. */
  list(): Promise<T[]> {
    return this.http.request("GET", this.resource, { schema: this.listSchema });
  }

  get(id: number): Promise<T> {
    return this.http.request("GET", `${this.resource}/${id}`, { schema: this.schema });
  }

  add(input: I, options: SaveOptions = {}): Promise<T> {
    const { id: _ignored, ...body } = input;
    return this.http.request("POST", this.resource, {
      body,
      query: { forceSave: options.forceSave || undefined },
      schema: this.schema,
    });
  }

  /** Replaces provider `input.id`. A field sent as the masked value keeps its stored secret. */
  update(input: I & { id: number }, options: SaveOptions = {}): Promise<T> {
    return this.http.request("PUT", `${this.resource}/${input.id}`, {
      body: input,
      query: { forceSave: options.forceSave || undefined },
      schema: this.schema,
    });
  }

  delete(id: number): Promise<void> {
    return this.http.request("DELETE", `${this.resource}/${id}`);
  }

  /** Has the app validate and contact the provider, as an add would, without saving anything. */
  async test(input: I, options: { forceTest?: boolean } = {}): Promise<ProviderTestResult> {
    try {
      await this.http.request("POST", `${this.resource}/test`, {
        body: input,
        query: { forceTest: options.forceTest || undefined },
      });
      return { valid: true };
    } catch (error) {
      if (error instanceof ServarrHttpError && error.status === 400 && error.failures.length > 0) {
        return { valid: false, failures: error.failures };
      }
      throw error;
    }
  }
}
