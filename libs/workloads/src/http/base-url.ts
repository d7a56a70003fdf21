// An app's base URL, and the request URLs below it. The base carries neither a query nor
// credentials: both would end up in logs and error messages.

export function parseBaseUrl(url: string, app: string): URL {
  const base = new URL(url);
  if (base.search || base.username || base.password) {
    throw new TypeError(`${app}: the base URL must carry no query and no credentials`);
  }
  return base;
}

/** `path` below `prefix` (`/api/v3`, or "") below the base URL's path (a URL base such as `/radarr`). */
export function urlBelow(base: URL, prefix: string, path: string): URL {
  const url = new URL(base.href);
  url.pathname = `${base.pathname.replace(/\/+$/, "")}${prefix}/${path.replace(/^\/+/, "")}`;
  return url;
}

export type QueryParams = Readonly<Record<string, string | number | boolean | undefined>>;

/** Sets the defined parameters on `url`'s query. */
export function setQuery(url: URL, query: QueryParams = {}): void {
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) url.searchParams.set(name, String(value));
  }
}
