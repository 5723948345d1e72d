/**
 * The mock Ideogram API as one function from a web `Request` to a web `Response`. The node:http server
 * (`createMockServer`) and the msw handlers (`createHandlers`) only translate to and from it, so they
 * route, validate, fail and answer alike.
 */
import { prepareRequest } from "../core/build";
import { ValidationError } from "../core/errors";
import { readImageSize } from "../images/sniff";
import { endpoints, type EndpointName } from "../schemas/endpoints";
import { decodeRequest } from "./decode";
import { gradientPNG, imageStore } from "./images";
import { answer } from "./responses";

/** One way to fail: the answer to give instead of the real one. */
export interface MockFailure {
  /** HTTP status to answer with (429, 500, 503, ...). */
  status: number;
  /** An object is sent as JSON; a string as it is (`text/html` when it looks like HTML). Default `{ error }`. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Sent as `Retry-After`: seconds, or a date. */
  retryAfter?: number | Date;
  /** How many requests fail this way before the rule is used up. Default: every request. */
  times?: number;
  /** Only these endpoints fail. Default: every endpoint. */
  endpoint?: EndpointName | EndpointName[];
}

/** How the mock behaves; every field can be changed at run time with `configure`. */
export interface MockBehaviour {
  /** Requests must carry exactly this Api-Key (401 otherwise); by default any non-empty key passes. */
  apiKey?: string | undefined;
  /** Milliseconds to wait before answering each API call (while it counts as in flight). */
  latency?: number | undefined;
  /** Failures, tried in order: the first that matches the endpoint and is not used up answers. */
  fail?: MockFailure | MockFailure[] | undefined;
  /** `true`: every image is withheld by the safety check; a number: that many images of each answer, from the first. */
  unsafe?: boolean | number | undefined;
  /** More API calls in flight than this get 429 `{ error, reject_reason: "inflight_limit" }`. */
  maxInFlight?: number | undefined;
}

export interface RecordedRequest {
  endpoint: EndpointName;
  method: string;
  /** The URL's path as received (with the gateway's `/ideogram` prefix when it was there). */
  path: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** The params decoded from the wire (files as `File`s); `{}` when the body could not be read. */
  params: Record<string, unknown>;
  /** `Date.now()` when the request arrived. */
  startedAt: number;
  /** The status answered, and the milliseconds it took; undefined while the request is in flight. */
  status: number | undefined;
  duration: number | undefined;
}

/** What both the mock server and the msw handlers offer to change and inspect the mock between tests. */
export interface MockControls {
  /** Every API call received, in order of arrival (image downloads are not recorded). */
  readonly requests: RecordedRequest[];
  /** Replaces the failures (`[]` for none). */
  fail(failures: MockFailure | MockFailure[]): void;
  /** Changes some of the behaviour; the rest stays. */
  configure(behaviour: MockBehaviour): void;
  /** Back to the behaviour given at creation, with no recorded requests. */
  reset(): void;
  /** Forgets the recorded requests. */
  clear(): void;
}

export interface MockAPI {
  /**
   * Answers one request. `basePath` is the path of the base URL the request was sent to (msw knows it);
   * the gateway's `/ideogram` prefix is accepted after it either way.
   */
  handle(request: Request, basePath?: string): Promise<Response>;
  controls: MockControls;
}

const ROUTES = new Map<string, EndpointName>(Object.entries(endpoints).map(([name, definition]) => [definition.path, name as EndpointName]));
const IMAGE_PATH = /\/images\/([\w-]+)\.png$/;

/** `imageBaseURL`: where image links point; by default the origin the request was sent to. */
export function createMockAPI(initial: MockBehaviour = {}, imageBaseURL?: string): MockAPI {
  const requests: RecordedRequest[] = [];
  let behaviour: MockBehaviour = {};
  let failures: { failure: MockFailure; left: number }[] = [];
  let inFlight = 0;

  function configure(next: MockBehaviour): void {
    behaviour = { ...behaviour, ...next };
    // A copy, so that `times` counts down here and not in the user's object.
    if ("fail" in next) failures = [next.fail ?? []].flat().map((failure) => ({ failure, left: failure.times ?? Infinity }));
  }
  configure(initial);

  const controls: MockControls = {
    requests,
    fail: (failure) => configure({ fail: failure }),
    configure,
    reset() {
      behaviour = {};
      configure({ fail: [], ...initial });
      requests.length = 0;
    },
    clear: () => void (requests.length = 0),
  };

  async function handle(request: Request, basePath = ""): Promise<Response> {
    const url = new URL(request.url);
    const image = IMAGE_PATH.exec(url.pathname);
    if (request.method === "GET" && image) return serveImage(image[1]!);
    const path = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.replace(/\/$/, "").length) : url.pathname;
    const endpoint = ROUTES.get(path.replace(/^\/ideogram(?=\/)/, ""));
    if (!endpoint || request.method !== "POST") return json(404, { error: `No endpoint at ${request.method} ${url.pathname}` });

    const startedAt = Date.now();
    let params: Record<string, unknown> | undefined;
    let unreadable: unknown;
    try {
      params = await decodeRequest(endpoint, request);
    } catch (error) {
      unreadable = error;
    }
    const recorded: RecordedRequest = {
      endpoint, method: request.method, path: url.pathname, headers: Object.fromEntries(request.headers), params: params ?? {}, startedAt,
      status: undefined, duration: undefined,
    };
    requests.push(recorded);
    const response = await respond(endpoint, request, params, unreadable, imageBaseURL ?? url.origin);
    recorded.status = response.status;
    recorded.duration = Date.now() - recorded.startedAt;
    return response;
  }

  async function respond(
    endpoint: EndpointName, request: Request, params: Record<string, unknown> | undefined, unreadable: unknown, imageBase: string,
  ): Promise<Response> {
    const key = request.headers.get("api-key");
    if (!key || (behaviour.apiKey !== undefined && key !== behaviour.apiKey)) {
      return json(401, { error: "Not authorized: a valid Api-Key header is required." });
    }
    const { maxInFlight } = behaviour;
    if (maxInFlight !== undefined && inFlight >= maxInFlight) {
      return json(429, { error: `Too many requests in flight: at most ${maxInFlight} at a time.`, reject_reason: "inflight_limit" });
    }
    inFlight++;
    try {
      if (behaviour.latency) await sleep(behaviour.latency, request.signal);
      const failure = takeFailure(endpoint);
      if (failure) return failed(failure);
      if (!params) return json(400, { error: `Could not read the request body${unreadable ? `: ${String(unreadable)}` : "."}` });
      // The very checks the SDK runs before sending (schemas, files, mask size), so a bad request gets the
      // same message from the mock as from the SDK.
      await prepareRequest(endpoint, params, { baseURL: "http://mock.invalid" });
      const asked = (params.image_request as Record<string, unknown> | undefined) ?? params;
      if (typeof asked.prompt === "string" && /\bunsafe\b/i.test(asked.prompt)) {
        return json(422, { error: "Prompt failed the safety check" });
      }
      const unsafe = behaviour.unsafe === true ? Infinity : behaviour.unsafe || 0;
      const result = answer(endpoint, params, {
        inputSize: await inputSize(params),
        nextId: imageStore.nextId,
        imageURL: (made) => `${imageBase.replace(/\/$/, "")}/images/${made.id}.png`,
        unsafe,
      });
      for (const made of result.images) imageStore.add(made);
      return json(200, result.body);
    } catch (error) {
      if (error instanceof ValidationError) return json(400, { error: error.message });
      throw error;
    } finally {
      inFlight--;
    }
  }

  function takeFailure(endpoint: EndpointName): MockFailure | undefined {
    const entry = failures.find(({ failure, left }) => left > 0 && (!failure.endpoint || [failure.endpoint].flat().includes(endpoint)));
    if (entry) entry.left--;
    return entry?.failure;
  }

  return { handle, controls };
}

function failed({ status, body, headers, retryAfter }: MockFailure): Response {
  const extra = new Headers(headers);
  if (retryAfter !== undefined) extra.set("retry-after", retryAfter instanceof Date ? retryAfter.toUTCString() : String(retryAfter));
  if (typeof body !== "string") return json(status, body ?? { error: `Mock failure (status ${status}).` }, extra);
  if (!extra.has("content-type")) extra.set("content-type", /^\s*</.test(body) ? "text/html; charset=utf-8" : "text/plain; charset=utf-8");
  return new Response(body, { status, headers: extra });
}

async function serveImage(id: string): Promise<Response> {
  const image = imageStore.get(id);
  if (!image) return json(404, { error: "Image not found (mock image links last as long as the process)." });
  const png = await gradientPNG(image.width, image.height, image.seed);
  return new Response(png as Uint8Array<ArrayBuffer>, { status: 200, headers: { "content-type": "image/png", "content-length": String(png.byteLength) } });
}

/** The size of the input image (remix, upscale, ...), which an answer without a resolution keeps. */
async function inputSize(params: Record<string, unknown>): Promise<{ width: number; height: number } | undefined> {
  const input = [params.image, params.image_file, params.images].flat().find((value) => value instanceof Blob);
  return input ? readImageSize(new Uint8Array(await input.slice(0, 65536).arrayBuffer())) : undefined;
}

function json(status: number, body: unknown, headers = new Headers()): Response {
  headers.set("content-type", "application/json");
  return new Response(JSON.stringify(body), { status, headers });
}

/** Waits, but not for a client that has gone away (so a closed server leaves no timer behind). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
