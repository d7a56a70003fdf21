/** The controller rejected a hook's buffered changes; the hook counts as failed (contract §8 item 14). */
export class CommitError extends Error {}

export type CommitResult = { ok: true } | { ok: false; error: string };
