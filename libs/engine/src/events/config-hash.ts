import type { Model } from "../model/model";

/**
 * What config-changed reacts to, as one string: the app's effective config, its trust and the
 * unit's address (contract §2.1: config, `juju trust`, address changes).
 */
export function configHash(model: Model, unit: string): string {
  const record = model.unit(unit);
  return JSON.stringify([model.config(record.app), model.app(record.app).trusted, record.address]);
}
