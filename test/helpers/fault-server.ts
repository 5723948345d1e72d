/**
 * A fault-injection HTTP server on 127.0.0.1 for the reliability tests. Every scenario is a route prefix:
 * a client whose `baseURL` is `server.url("reset-mid-upload")` sends `POST /scenario/reset-mid-upload/v1/...`,
 * and the scenario's behaviour decides what happens to that request (answer, refuse, reset the socket before
 * the response or in the middle of the upload, never send headers, stall the body, ...).
 *
 * The server counts the attempts of each scenario, records when each arrived and how many bytes of its body
 * came in, tracks the requests in flight, and `close()` destroys every socket and clears every timer it set,
 * so a test that ends leaves nothing of the server running either.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export const IMAGE_RESPONSE = {
  created: "2000-01-23T04:56:07Z",
  data: [
    {
      prompt: "A serene tropical beach scene.",
      resolution: "1024x1024",
      is_image_safe: true,
      seed: 12345,
      url: "https://ideogram.ai/api/images/direct/8YEpFzHuS-S6xXEGmCsf7g",
      style_type: "REALISTIC",
    },
  ],
};

/** One request as the server saw it. */
export interface Attempt {
  scenario: string;
  /** 1-based number of this attempt within its scenario. */
  number: number;
  method: string;
  /** The path after `/scenario/<name>`. */
  path: string;
  headers: IncomingMessage["headers"];
  /** `performance.now()` when the request's headers arrived. */
  at: number;
  /** Body bytes received so far (grows while the upload comes in). */
  bytes: number;
  /** True once the whole body was received. */
  complete: boolean;
}

export interface FaultContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly socket: Socket;
  readonly attempt: Attempt;
  readonly server: FaultServer;
  /** Reads the rest of the request body (counted in `attempt.bytes`). */
  body(): Promise<Buffer>;
  /** Answers with JSON (a string is sent as it is). */
  json(status: number, body: unknown, headers?: Record<string, string>): void;
  /** Answers with a text body. */
  send(status: number, text: string, headers?: Record<string, string>): void;
  /** Resets the connection (TCP RST): the client sees ECONNRESET / "other side closed". */
  reset(): void;
  /** Never answers (until the client gives up or the server closes). */
  hold(): Promise<void>;
  /** A timer that `close()` clears. */
  later(ms: number, run: () => void): void;
}

export type Behaviour = (ctx: FaultContext) => void | Promise<void>;

export interface FaultServerOptions {
  /** Keep every attempt (default) or only count them (for soak runs). */
  record?: "full" | "count";
}

export interface FaultServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** The base URL of a scenario: `http://127.0.0.1:<port>/scenario/<name>`. */
  url(scenario: string): string;
  /** Adds or replaces a scenario. */
  define(scenario: string, behaviour: Behaviour): void;
  /** Attempts of a scenario in arrival order (empty with `record: "count"`). */
  attempts(scenario: string): Attempt[];
  /** How many requests the scenario received. */
  count(scenario: string): number;
  /** All requests the server received, whatever the scenario. */
  readonly total: number;
  /** Gaps in ms between consecutive arrivals of a scenario. */
  gaps(scenario: string): number[];
  /** Requests of the scenario whose response has not finished yet. */
  inFlight(scenario: string): number;
  /** The most requests of the scenario that were in flight at once. */
  maxInFlight(scenario: string): number;
  /** Sockets open on the server's side. */
  readonly openSockets: number;
  /** Forgets every count and attempt (scenarios stay defined). */
  resetCounts(): void;
  /** Destroys every open connection and clears the server's timers, but keeps listening. */
  dropConnections(): Promise<void>;
  /** Destroys every socket, clears every timer, stops listening. */
  close(): Promise<void>;
}

// ── behaviours ───────────────────────────────────────────────────────────────────────────────────

/** Reads the body, then answers with JSON. */
export const respond =
  (status: number, body: unknown, headers: Record<string, string> = {}): Behaviour =>
  async (ctx) => {
    await ctx.body();
    ctx.json(status, body, headers);
  };

/** Reads the body, then answers with a raw text body of the given content type. */
export const respondText =
  (status: number, text: string, contentType: string, headers: Record<string, string> = {}): Behaviour =>
  async (ctx) => {
    await ctx.body();
    ctx.send(status, text, { "content-type": contentType, ...headers });
  };

export const ok: Behaviour = respond(200, IMAGE_RESPONSE);

/** Attempt n uses behaviours[n - 1]; the last one repeats. */
export const sequence =
  (...behaviours: Behaviour[]): Behaviour =>
  (ctx) =>
    behaviours[Math.min(ctx.attempt.number, behaviours.length) - 1]!(ctx);

/** Reads the whole request, then resets the connection before any response byte. */
export const resetBeforeResponse: Behaviour = async (ctx) => {
  await ctx.body();
  ctx.reset();
};

/** Resets the connection while the upload is still coming in, after `afterBytes` bytes of body. */
export const resetMidUpload =
  (afterBytes = 64 * 1024): Behaviour =>
  (ctx) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (ctx.attempt.bytes >= afterBytes) {
          ctx.reset();
          resolve();
        }
      };
      ctx.req.on("data", check);
      ctx.req.on("close", () => resolve());
      ctx.req.on("error", () => resolve());
      ctx.req.on("end", () => {
        // The whole body arrived before the limit: the test's body was too small for this scenario.
        ctx.send(599, "body smaller than the reset point", { "content-type": "text/plain" });
        resolve();
      });
    });

/** Reads the body and never sends a header. */
export const headersNever: Behaviour = async (ctx) => {
  await ctx.body();
  await ctx.hold();
};

/** Sends the status and headers and the start of a body, then nothing more. */
export const stallBody =
  (status = 200, start = '{"created":"2000-01-23T04:56:07Z","data":['): Behaviour =>
  async (ctx) => {
    await ctx.body();
    ctx.res.writeHead(status, { "content-type": "application/json" });
    ctx.res.write(start);
    await ctx.hold();
  };

/** Sends the status, headers and the start of the body, then destroys the socket. */
export const cutBody =
  (status = 200, start = '{"created":"2000-01-23T04:56:07Z","data":[', headers: Record<string, string> = {}): Behaviour =>
  async (ctx) => {
    await ctx.body();
    ctx.res.writeHead(status, { "content-type": "application/json", ...headers });
    ctx.res.write(start);
    ctx.later(10, () => ctx.socket.destroy());
  };

/** Answers after `ms`. */
export const delayed =
  (ms: number, then: Behaviour = ok): Behaviour =>
  async (ctx) => {
    await ctx.body();
    await new Promise<void>((resolve) => ctx.later(ms, resolve));
    if (!ctx.socket.destroyed) await then(ctx);
  };

/** A 3xx to `location` (relative to the request or absolute). */
export const redirect =
  (status: number, location: string | ((ctx: FaultContext) => string)): Behaviour =>
  async (ctx) => {
    await ctx.body();
    ctx.res.writeHead(status, { location: typeof location === "string" ? location : location(ctx), "content-length": "0" });
    ctx.res.end();
  };

/** 429 (Retry-After `retryAfter`) for every request past `limit` in flight; the others answer after `ms`. */
export const inflightLimit =
  (limit: number, ms = 100, retryAfter = "1"): Behaviour =>
  async (ctx) => {
    // The count includes this request.
    if (ctx.server.inFlight(ctx.attempt.scenario) > limit) {
      await ctx.body();
      ctx.json(429, { error: "Too many requests in flight", reject_reason: "inflight_limit", max_inflight_requests: limit }, { "retry-after": retryAfter });
      return;
    }
    await delayed(ms)(ctx);
  };

export function htmlPage(status: number, title: string, lines = 300): string {
  const filler = Array.from({ length: lines }, (_, i) => `<p>upstream detail line ${i}</p>`).join("\n");
  return `<!DOCTYPE html>\n<html><head><title>${status} ${title}</title><style>body{font:14px sans-serif}</style></head>` +
    `<body><center><h1>${status} ${title}</h1></center><hr><center>nginx</center>${filler}</body></html>`;
}

/** The scenarios every server has. Tests add their own with `define`. */
export function defaultScenarios(): Record<string, Behaviour> {
  const error = (status: number, body: unknown, headers: Record<string, string> = {}) => respond(status, body, headers);
  return {
    ok,
    "reset-before-response": resetBeforeResponse,
    "reset-mid-upload": resetMidUpload(),
    "reset-after-headers": cutBody(),
    "headers-never": headersNever,
    "stall-body": stallBody(),
    "429-retry-after-seconds": sequence(error(429, { error: "Too many requests" }, { "retry-after": "1" }), ok),
    "429-retry-after-date": sequence(
      // Whole seconds: a date 2 s ahead is between 1 and 2 s away when the client reads it.
      async (ctx) => error(429, { error: "Too many requests" }, { "retry-after": new Date(Date.now() + 2000).toUTCString() })(ctx),
      ok,
    ),
    "429-retry-after-too-long": error(429, { error: "Daily quota reached" }, { "retry-after": "120" }),
    "503-html": respondText(503, htmlPage(503, "Service Temporarily Unavailable"), "text/html; charset=utf-8"),
    "502-html": respondText(502, htmlPage(502, "Bad Gateway"), "text/html"),
    "500-json": error(500, { error: { message: "Internal error while generating", type: "server_error" } }),
    "200-truncated-json": respondText(200, '{"created":"2000-01-23T04:56:07Z","data":[{"url":"https://ideogram.ai/api/im', "application/json"),
    "200-html": respondText(200, "<!DOCTYPE html><html><head><title>Captive portal</title></head><body>Sign in</body></html>", "text/html"),
    "200-empty": respondText(200, "", "application/json"),
    // The shapes the API and the gateway use.
    "401": error(401, { error: { message: "Invalid token (request id: 2025010203040506)", type: "aihubmix_error" } }),
    "403": error(403, { error: "Not authorized to generate an image" }),
    "404": error(404, { detail: "Not Found" }),
    "422": error(422, { error: "Prompt provided failed safety check due to the inclusion of prohibited content." }),
    "unknown-fields": respond(200, {
      ...IMAGE_RESPONSE,
      request_cost: { usd: 0.03 },
      data: [{ ...IMAGE_RESPONSE.data[0], aesthetic_score: 7.5, new_field: [1, 2, 3] }],
    }),
    "unsafe-images": respond(200, {
      created: IMAGE_RESPONSE.created,
      data: [
        { ...IMAGE_RESPONSE.data[0], url: null, is_image_safe: false },
        { prompt: "p", resolution: "1024x1024", is_image_safe: false, seed: 2 },
        IMAGE_RESPONSE.data[0],
      ],
    }),
    "redirect-same-origin": async (ctx) => {
      if (ctx.attempt.path.startsWith("/moved/")) return ok(ctx);
      return redirect(307, `/scenario/${ctx.attempt.scenario}/moved${ctx.attempt.path}`)(ctx);
    },
    "inflight-limit": inflightLimit(3),
  };
}

// ── the server ───────────────────────────────────────────────────────────────────────────────────

const PREFIX = /^\/scenario\/([^/]+)(\/.*)?$/;

/** The server's own timers, taken before a test can replace the global one to count the client's timers. */
const serverSetTimeout = globalThis.setTimeout;

export async function startFaultServer(options: FaultServerOptions = {}): Promise<FaultServer> {
  const record = options.record ?? "full";
  const scenarios = new Map<string, Behaviour>(Object.entries(defaultScenarios()));
  const attempts = new Map<string, Attempt[]>();
  const counts = new Map<string, number>();
  const inFlight = new Map<string, number>();
  const maxInFlight = new Map<string, number>();
  const sockets = new Set<Socket>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const holds = new Set<() => void>();
  let total = 0;

  const bump = (map: Map<string, number>, key: string, by: number) => {
    const value = (map.get(key) ?? 0) + by;
    map.set(key, value);
    return value;
  };

  const server = createServer((req, res) => {
    total++;
    const match = PREFIX.exec((req.url ?? "").split("?")[0]!);
    const scenario = match?.[1] ? decodeURIComponent(match[1]) : "";
    const behaviour = scenarios.get(scenario);
    const number = bump(counts, scenario, 1);
    const attempt: Attempt = {
      scenario, number, method: req.method ?? "", path: match?.[2] ?? "/", headers: req.headers, at: performance.now(), bytes: 0, complete: false,
    };
    if (record === "full") {
      const list = attempts.get(scenario) ?? [];
      list.push(attempt);
      attempts.set(scenario, list);
    }
    maxInFlight.set(scenario, Math.max(maxInFlight.get(scenario) ?? 0, bump(inFlight, scenario, 1)));
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      bump(inFlight, scenario, -1);
    };
    res.on("close", finish);
    // The body flows from the start (so a behaviour that never reads it still lets the upload finish).
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => {
      attempt.bytes += chunk.length;
      chunks.push(chunk);
    });
    const bodyDone = new Promise<Buffer>((resolve) => {
      const done = () => resolve(Buffer.concat(chunks));
      req.on("end", () => {
        attempt.complete = true;
        done();
      });
      req.on("close", done);
      req.on("error", done); // a client that goes away mid-upload is part of the game
    });
    const ctx: FaultContext = {
      req, res, socket: req.socket, attempt, server: api,
      body: () => bodyDone,
      json(status, body, headers = {}) {
        if (res.headersSent || res.destroyed) return;
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(typeof body === "string" ? body : JSON.stringify(body));
      },
      send(status, text, headers = {}) {
        if (res.headersSent || res.destroyed) return;
        res.writeHead(status, headers);
        res.end(text);
      },
      reset() {
        const socket = req.socket as Socket & { resetAndDestroy?: () => void };
        if (socket.destroyed) return;
        if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy();
        else socket.destroy();
      },
      hold: () =>
        new Promise<void>((resolve) => {
          const release = () => {
            holds.delete(release);
            resolve();
          };
          holds.add(release);
          res.on("close", release);
        }),
      later(ms, run) {
        const timer = serverSetTimeout(() => {
          timers.delete(timer);
          run();
        }, ms);
        timers.add(timer);
      },
    };

    if (!behaviour) {
      ctx.json(404, { error: `no scenario "${scenario}" on the fault server (path ${req.url})` });
      return;
    }
    Promise.resolve()
      .then(() => behaviour(ctx))
      .catch((error: unknown) => {
        if (!res.headersSent && !res.destroyed) ctx.json(598, { error: `fault server behaviour threw: ${String(error)}` });
      });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
  });
  server.on("clientError", (_error, socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  const clearAll = () => {
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    for (const release of [...holds]) release();
  };
  const waitSocketsClosed = async () => {
    for (let i = 0; i < 100 && sockets.size > 0; i++) await new Promise((resolve) => setImmediate(resolve));
  };

  const api: FaultServer = {
    origin,
    url: (scenario) => `${origin}/scenario/${encodeURIComponent(scenario)}`,
    define(scenario, behaviour) {
      scenarios.set(scenario, behaviour);
    },
    attempts: (scenario) => attempts.get(scenario) ?? [],
    count: (scenario) => counts.get(scenario) ?? 0,
    get total() {
      return total;
    },
    gaps(scenario) {
      const list = attempts.get(scenario) ?? [];
      return list.slice(1).map((attempt, index) => attempt.at - list[index]!.at);
    },
    inFlight: (scenario) => inFlight.get(scenario) ?? 0,
    maxInFlight: (scenario) => maxInFlight.get(scenario) ?? 0,
    get openSockets() {
      return sockets.size;
    },
    resetCounts() {
      attempts.clear();
      counts.clear();
      maxInFlight.clear();
      total = 0;
    },
    async dropConnections() {
      clearAll();
      for (const socket of sockets) socket.destroy();
      await waitSocketsClosed();
    },
    close: () =>
      new Promise<void>((resolve) => {
        clearAll();
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  return api;
}

/** A URL on 127.0.0.1 whose port has nothing listening (the connection is refused). */
export async function refusedURL(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
