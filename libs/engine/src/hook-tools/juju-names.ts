// juju/names validity checks used by the tools' Init.

const APP = "[a-z][a-z0-9]*(?:-[a-z0-9]*[a-z][a-z0-9]*)*";

export const isValidApplication = (name: string): boolean => new RegExp(`^${APP}$`).test(name);
export const isValidUnit = (name: string): boolean => new RegExp(`^${APP}/(?:0|[1-9]\\d*)$`).test(name);
export const isValidStorageId = (id: string): boolean =>
  /^[a-z](?:[a-z0-9-]*[a-z0-9])?\/(?:0|[1-9]\d*)$/.test(id);
