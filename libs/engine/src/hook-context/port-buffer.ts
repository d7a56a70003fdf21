import { ToolError } from "../hook-tools/errors";
import type { PortChange } from "../model/hook-changes";
import { formatPortRange, type PortRange, samePortRange } from "../model/ports";

const overlaps = (a: PortRange, b: PortRange): boolean =>
  a.protocol === b.protocol && a.to >= b.from && b.to >= a.from;

/**
 * open-port/close-port requests held until commit (uniter portRangeChangeRecorder, K8s flavour:
 * single ports only). Opening cancels a pending close of the same range and vice versa.
 */
export class PortBuffer {
  readonly open: PortChange[] = [];
  readonly close: PortChange[] = [];

  constructor(
    private readonly unit: string,
    private readonly committed: () => ReadonlyMap<string, readonly PortRange[]>,
  ) {}

  #validate(range: PortRange): void {
    if (range.from !== range.to) {
      throw new ToolError("port ranges are not supported for k8s applications, please specify a single port");
    }
  }

  /** Against this unit's own pending requests: true when already requested, throws on overlap. */
  #alreadyPending(pending: PortChange[], endpoint: string, range: PortRange, verb: string): boolean {
    for (const p of pending) {
      if (!overlaps(p.range, range)) continue;
      if (samePortRange(p.range, range)) {
        if (p.endpoint !== endpoint) continue;
        return true;
      }
      throw new ToolError(
        `cannot ${verb} ${formatPortRange(range)} (unit ${JSON.stringify(this.unit)}): port range conflicts with ${formatPortRange(p.range)} (unit ${JSON.stringify(this.unit)}) requested earlier`,
      );
    }
    return false;
  }

  #remove(pending: PortChange[], endpoint: string, range: PortRange): void {
    const i = pending.findIndex((p) => p.endpoint === endpoint && samePortRange(p.range, range));
    if (i >= 0) pending.splice(i, 1);
  }

  openPort(endpoint: string, range: PortRange): void {
    this.#validate(range);
    this.#remove(this.close, endpoint, range);
    if (this.#alreadyPending(this.open, endpoint, range, "open")) return;
    if (
      this.committed()
        .get(endpoint)
        ?.some((r) => samePortRange(r, range))
    )
      return;
    this.open.push({ endpoint, range });
  }

  closePort(endpoint: string, range: PortRange): void {
    this.#validate(range);
    this.#remove(this.open, endpoint, range);
    if (this.#alreadyPending(this.close, endpoint, range, "close")) return;
    if (this.committed().size === 0) return; // Nothing open: closing is a no-op.
    this.close.push({ endpoint, range });
  }
}
