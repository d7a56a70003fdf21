import * as z from "zod";

/**
 * Content of the secrets whose IDs travel on our relations. Extra keys are tolerated (an
 * owner may add some later); the ones we need must be present and non-empty.
 */
export const apiKeyContent: z.ZodType<{ "api-key": string }> = z.object({
  "api-key": z.string().min(1),
});

export const credentialsContent: z.ZodType<{ username: string; password: string }> = z.object({
  username: z.string().min(1),
  password: z.string().min(1),
});
