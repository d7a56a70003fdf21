import { optionalDuration } from "./changes-api";
import { parseRfc3339 } from "./clock";
import { nsToMs } from "./go-duration";
import { JsonBody } from "./json-body";
import { NOTICE_TYPES, type NoticeStore, type NoticeType, noticeToJson } from "./notices";
import { type ApiResponse, badRequest, notFound, syncResponse } from "./response-envelope";
import { type ApiRequest, multiCommaList, type Route } from "./router";

const CUSTOM_KEY = /^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)+(\/[a-z0-9]+(-[a-z0-9]+)*)+$/;
const MAX_KEY_LENGTH = 256;
const MAX_DATA_SIZE = 4 * 1024;

// Every client of the socket is treated as root, which is what a charm is (admin access).
const REQUEST_UID = 0;

function parseUserIdFilter(values: string[]): number {
  const ids = multiCommaList(values);
  if (ids.length !== 1) throw badRequest(`invalid "user-id" filter: must only include one "user-id"`);
  const id = Number(ids[0]);
  if (!/^-?\d+$/.test(ids[0] as string)) {
    throw badRequest(
      `invalid "user-id" filter: strconv.ParseInt: parsing ${JSON.stringify(ids[0])}: invalid syntax`,
    );
  }
  if (id < 0 || id > 0xffffffff)
    throw badRequest(`invalid "user-id" filter: user ID is not a valid uint32: ${id}`);
  return id;
}

/** GET/POST /v1/notices and GET /v1/notices/{id} (api_notices.go). */
export function noticesRoutes(notices: NoticeStore): Route[] {
  const list = async (request: ApiRequest): Promise<ApiResponse> => {
    const query = request.query;
    let userId: number | undefined = REQUEST_UID;
    if (query.getAll("user-id").length > 0) userId = parseUserIdFilter(query.getAll("user-id"));
    if (query.getAll("users").length > 0) {
      if (query.getAll("user-id").length > 0)
        throw badRequest(`cannot use both "users" and "user-id" parameters`);
      if (query.get("users") !== "all") throw badRequest(`invalid "users" filter: must be "all"`);
      userId = undefined;
    }
    const requestedTypes = multiCommaList(query.getAll("types"));
    const types = [...new Set(requestedTypes)].filter((t): t is NoticeType =>
      NOTICE_TYPES.includes(t as NoticeType),
    );
    // Unknown types are ignored, but if every requested type is unknown nothing matches.
    if (requestedTypes.length > 0 && types.length === 0) return syncResponse([]);
    const afterText = query.get("after") ?? "";
    let after: Date | undefined;
    if (afterText) {
      // At full precision: a client passes back the nanosecond last-repeated it was sent.
      after = parseRfc3339(afterText);
      if (!after) {
        throw badRequest(
          `invalid "after" timestamp: parsing time ${JSON.stringify(afterText)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(afterText)}`,
        );
      }
    }
    const filter = { userId, types, keys: multiCommaList(query.getAll("keys")), after };
    const timeout = optionalDuration(query.get("timeout"), "timeout");
    const found =
      timeout > 0 ? await notices.wait(filter, nsToMs(timeout), request.signal) : notices.list(filter);
    return syncResponse(found.map(noticeToJson));
  };

  const add = async (request: ApiRequest): Promise<ApiResponse> => {
    const body = JsonBody.parse(await request.body(), "cannot decode request body");
    const action = body.string("action");
    const type = body.string("type");
    const key = body.string("key");
    if (action !== "add") throw badRequest(`invalid action ${JSON.stringify(action)}`);
    if (type !== "custom")
      throw badRequest(`invalid type ${JSON.stringify(type)} (can only add "custom" notices)`);
    if (!CUSTOM_KEY.test(key))
      throw badRequest(`invalid key ${JSON.stringify(key)} (must be in "example.com/path" format)`);
    if (Buffer.byteLength(key) > MAX_KEY_LENGTH)
      throw badRequest(`key must be ${MAX_KEY_LENGTH} bytes or less`);
    const repeatAfter = optionalDuration(body.string("repeat-after"), "repeat-after");
    const rawData = body.raw("data");
    if (rawData !== undefined && Buffer.byteLength(JSON.stringify(rawData)) > MAX_DATA_SIZE) {
      throw badRequest(`total size of data must be ${MAX_DATA_SIZE} bytes or less`);
    }
    let data: Record<string, string> | undefined;
    if (rawData !== undefined && rawData !== null) {
      const entries =
        typeof rawData === "object" && !Array.isArray(rawData) ? Object.entries(rawData) : undefined;
      const bad = entries ? entries.find(([, v]) => typeof v !== "string")?.[1] : rawData;
      if (!entries || bad !== undefined) {
        const kind = Array.isArray(bad) ? "array" : bad === null ? "null" : typeof bad;
        throw badRequest(
          `cannot decode notice data: json: cannot unmarshal ${kind} into Go value of type ${entries ? "string" : "map[string]string"}`,
        );
      }
      data = Object.fromEntries(entries) as Record<string, string>;
    }
    const notice = notices.add(REQUEST_UID, "custom", key, { data, repeatAfter });
    return syncResponse({ id: notice.id });
  };

  const get = (request: ApiRequest): ApiResponse => {
    const id = request.params.id ?? "";
    const notice = notices.get(id);
    if (!notice) throw notFound(`cannot find notice with ID ${JSON.stringify(id)}`);
    return syncResponse(noticeToJson(notice));
  };

  return [
    { path: "/v1/notices", GET: list, POST: add },
    { path: "/v1/notices/{id}", GET: get },
  ];
}
