import type { CharmContext, Relation, SecretInfo } from "@charmarr/charm";
import type { RotationInterval } from "./rotation-interval";
import { publishedSecretId, type SecretContent, stampedContent } from "./secret-content";
import { syncGrants } from "./secret-grants";

/**
 * A secret the application owns, as the leader sees it in one hook: its ID, latest content
 * and info, and what the owner does with it (as ops' `Secret`). Immutable: `set` returns the
 * secret with its new content, so nobody finds a value changed under them.
 */
export class OwnedSecret<T extends SecretContent> {
  /** `secret:<xid>`, the spelling published in relation data. */
  readonly id: string;

  constructor(
    readonly ctx: CharmContext<unknown>,
    readonly info: SecretInfo,
    readonly content: T,
    /**
     * The committed revision `content` is, when it was read back from Juju; undefined when this
     * hook made it (created or set: not committed until the hook succeeds).
     */
    readonly committedRevision?: number,
  ) {
    this.id = publishedSecretId(info.id);
  }

  /** The bare xid, as the hook tools take it. */
  get xid(): string {
    return this.info.id;
  }

  get label(): string {
    return this.info.label ?? this.info.id;
  }

  /** A new revision with `content` (stamped with its owner); consumers get secret-changed. */
  async set(content: T): Promise<OwnedSecret<T>> {
    for (const value of Object.values(content)) this.ctx.redact(value);
    await this.ctx.tools.secretSet(this.xid, { content: stampedContent(content, this.ctx.app.name) });
    return new OwnedSecret(this.ctx, this.info, content);
  }

  /** The rotation policy, `never` included. */
  async setRotation(rotate: RotationInterval): Promise<OwnedSecret<T>> {
    await this.ctx.tools.secretSet(this.xid, { rotate });
    return new OwnedSecret(
      this.ctx,
      { ...this.info, rotation: rotate },
      this.content,
      this.committedRevision,
    );
  }

  /**
   * Least privilege: granted on exactly these relations, revoked from every other app; grants
   * already in place are left alone, so a steady-state hook makes no grant calls.
   */
  grant(relations: readonly Relation[]): Promise<void> {
    return syncGrants(this.ctx, this.xid, this.info, relations);
  }

  /** Remove a revision nobody tracks any more, so revisions never pile up. */
  removeRevision(revision: number): Promise<void> {
    return this.ctx.tools.secretRemove(this.xid, { revision });
  }
}
