import type * as z from "zod";

/** Where a zod check of an app's answer failed, without the offending values (they may be secrets). */
export function describeZodIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.code}`)
    .join(", ");
}
