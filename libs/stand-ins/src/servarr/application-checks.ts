import type { ProviderTemplate, Settings } from "./provider-definitions";
import { failure, type ValidationFailure } from "./validation";

// How the Prowlarr stand-in checks an application (its test, and every sync): it calls the app at
// `<baseUrl>/api/v3/system/status` with the stored key in X-Api-Key and reads the app's version
// from the X-Application-Version header, mapping the outcomes as Prowlarr does
// (specs/app-apis.md §e). A key the app has rotated away answers 401: "API Key is invalid".
// The real Prowlarr goes on to push indexers; the stand-in has none to push.

const TIMEOUT_MS = 10_000;

/** The oldest versions Prowlarr syncs to, per major line. */
const MINIMUM_VERSIONS: Readonly<Record<string, readonly (readonly number[])[]>> = {
  Radarr: [
    [3, 1, 1],
    [4, 0, 4],
  ],
  Sonarr: [[3, 0, 5]],
};

function supported(app: string, version: string): boolean {
  const parts = version.split(".").map(Number);
  const major = parts[0] ?? 0;
  const floors = MINIMUM_VERSIONS[app] ?? [];
  // The floor of this major line, else of the newest line below it.
  const floor = [...floors].reverse().find((f) => (f[0] ?? 0) <= major);
  if (!floor) return false;
  if ((floor[0] ?? 0) < major) return true;
  for (const [index, minimum] of floor.entries()) {
    const part = parts[index] ?? 0;
    if (part !== minimum) return part > minimum;
  }
  return true;
}

export async function checkApplication(
  template: ProviderTemplate,
  settings: Settings,
): Promise<ValidationFailure[]> {
  const app = template.implementationName;
  const baseUrl = String(settings.baseUrl ?? "").replace(/\/+$/, "");
  let response: Response;
  try {
    response = await fetch(`${baseUrl}/api/v3/system/status`, {
      headers: { "x-api-key": String(settings.apiKey ?? ""), accept: "application/json" },
      redirect: "manual",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await response.arrayBuffer();
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    return [failure("BaseUrl", `Unable to complete application test, cannot connect to ${app}. ${code}`)];
  }
  switch (response.status) {
    case 401:
      return [failure("ApiKey", "API Key is invalid")];
    case 400:
      return [
        failure(
          "ProwlarrUrl",
          `Prowlarr URL is invalid, ${app} cannot connect to Prowlarr - are you missing a URL base?`,
        ),
      ];
    case 303:
    case 307:
      return [
        failure(
          "BaseUrl",
          `${app} returned redirect and is invalid. Check ${app} URL - are you missing a URL base?`,
        ),
      ];
  }
  if (response.status !== 200) {
    return [
      failure(
        "BaseUrl",
        `Unable to complete application test, cannot connect to ${app}. HTTP ${response.status}`,
      ),
    ];
  }
  const version = response.headers.get("x-application-version");
  if (!version) return [failure("BaseUrl", `Failed to fetch ${app} version`)];
  if (!supported(app, version)) {
    return [failure("BaseUrl", `${app} version ${version} is not supported by Prowlarr; update ${app}`)];
  }
  return [];
}
