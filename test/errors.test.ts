/**
 * Errors: one class per status, the server's words in the message, bodies that are not the JSON an endpoint
 * returns, the API key never leaking (errors, the client, logs), and the client's construction errors.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { inspect } from "node:util";
import {
  APIConnectionError, APIError, APITimeoutError, APIUserAbortError, AuthenticationError, BadRequestError,
  IdeogramError, Ideogram, InternalServerError, NotFoundError, PermissionDeniedError, RateLimitError,
  UnprocessableEntityError, type ClientOptions, type Logger,
} from "ideogram-sdk";
import { IMAGE_RESPONSE, json, startCaptureServer, type CaptureServer, type Handler } from "./helpers/capture-server";

const KEY = "sk-test-SECRET-123";
const PARAMS = { prompt: "a lighthouse at dusk" };

let s: CaptureServer;
const extraServers: CaptureServer[] = [];

beforeAll(async () => {
  s = await startCaptureServer();
});
afterAll(async () => {
  await s.close();
});
afterEach(async () => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  await Promise.all(extraServers.splice(0).map((server) => server.close()));
});

function client(options: ClientOptions = {}): Ideogram {
  return new Ideogram({ apiKey: KEY, baseURL: s.baseURL, maxRetries: 0, logLevel: "off", ...options });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail, but it resolved");
}

/** The error a generate call fails with when the server answers with `handler`. */
async function failWith(handler: Handler, options: ClientOptions = {}): Promise<unknown> {
  s.handle(handler);
  return rejection(client(options).v3.generate(PARAMS));
}

function raw(status: number, body: string, headers: Record<string, string> = {}): Handler {
  return (_request, res) => {
    res.writeHead(status, headers);
    res.end(body);
  };
}

// ---------- status -> class ----------

describe("status -> error class", () => {
  const table: Array<[number, new (...args: never[]) => APIError]> = [
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [422, UnprocessableEntityError],
    [429, RateLimitError],
    [500, InternalServerError],
    [502, InternalServerError],
    [503, InternalServerError],
    [504, InternalServerError],
  ];

  it.each(table)("%i -> %o", async (status, ErrorClass) => {
    const error = await failWith((_request, res) => json(res, status, { error: `problem ${status}` }, { "x-request-id": `req-${status}` }));
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toBeInstanceOf(IdeogramError);
    expect(error).toBeInstanceOf(Error);
    const apiError = error as APIError;
    expect(apiError.name).toBe(ErrorClass.name);
    expect(apiError.status).toBe(status);
    expect(apiError.requestId).toBe(`req-${status}`);
    expect(apiError.headers).toBeInstanceOf(Headers);
    expect(apiError.headers.get("x-request-id")).toBe(`req-${status}`);
    expect(apiError.body).toEqual({ error: `problem ${status}` });
    expect(apiError.message).toContain(`problem ${status}`);
    expect(apiError.message).toContain(String(status));
  });

  it.each([408, 409, 402, 418])("%i -> a plain APIError", async (status) => {
    const error = await failWith((_request, res) => json(res, status, { error: `plain ${status}` }));
    expect(error).toBeInstanceOf(APIError);
    expect(error).toBeInstanceOf(IdeogramError);
    expect((error as Error).constructor).toBe(APIError);
    expect((error as APIError).status).toBe(status);
    expect((error as APIError).message).toContain(`plain ${status}`);
  });

  it("the other errors are IdeogramErrors too, and not APIErrors", () => {
    for (const error of [new APIConnectionError("x"), new APITimeoutError("x"), new APIUserAbortError()]) {
      expect(error).toBeInstanceOf(IdeogramError);
      expect(error).not.toBeInstanceOf(APIError);
    }
    expect(new APITimeoutError("x")).toBeInstanceOf(APIConnectionError);
  });

  it("requestId is undefined when the server sends none", async () => {
    const error = await failWith((_request, res) => json(res, 400, { error: "nope" }));
    expect((error as APIError).requestId).toBeUndefined();
  });
});

// ---------- messages ----------

describe("messages carry the server's text", () => {
  it.each([
    ['{"error": "..."}', { error: "Prompt contains banned words" }, "Prompt contains banned words"],
    ['{"error": {"message": "..."}}', { error: { message: "Invalid aspect ratio 3x1", type: "invalid_request" } }, "Invalid aspect ratio 3x1"],
    ['{"detail": "..."}', { detail: "Not enough credits" }, "Not enough credits"],
  ])("%s", async (_name, body, text) => {
    const error = await failWith((_request, res) => json(res, 400, body));
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as Error).message).toContain(text);
    expect((error as APIError).body).toEqual(body);
  });

  it("plain text error bodies are quoted", async () => {
    const error = await failWith(raw(403, "quota exhausted for this key", { "content-type": "text/plain" }));
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect((error as Error).message).toContain("quota exhausted for this key");
  });

  it("an HTML error page is summarised by its title, not dumped", async () => {
    const filler = Array.from({ length: 400 }, (_, i) => `<p>line ${i} of a very long proxy error page</p>`).join("\n");
    const page = `<!DOCTYPE html>\n<html><head><title>502 Bad Gateway | upstream-proxy</title>
<style>body { font-family: sans-serif; }</style></head><body><h1>Bad Gateway</h1>${filler}</body></html>`;
    expect(page.length).toBeGreaterThan(10_000);
    const error = await failWith(raw(502, page, { "content-type": "text/html; charset=utf-8" }));
    expect(error).toBeInstanceOf(InternalServerError);
    const message = (error as Error).message;
    expect(message).toContain("502 Bad Gateway | upstream-proxy");
    expect(message.length).toBeLessThan(300);
    expect(message).not.toContain("<p>");
    expect(message).not.toContain("line 399");
    expect((error as APIError).status).toBe(502);
  });
});

// ---------- bodies that are not the endpoint's JSON ----------

describe("a 200 that is not the endpoint's JSON", () => {
  it.each([
    ["truncated JSON", '{"created":"2000-01-23T04:56:07Z","data":[{"url":"https://x', "application/json"],
    ["HTML", "<!DOCTYPE html><html><head><title>Welcome</title></head><body>hello</body></html>", "text/html"],
    ["an empty body", "", "application/json"],
    ["whitespace", "  \n ", "application/json"],
  ])("%s -> APIError with status 200, never a SyntaxError", async (_name, body, type) => {
    const error = await failWith(raw(200, body, { "content-type": type }));
    expect(error).toBeInstanceOf(APIError);
    expect(error).toBeInstanceOf(IdeogramError);
    expect(error).not.toBeInstanceOf(SyntaxError);
    expect((error as APIError).status).toBe(200);
    expect((error as Error).message.length).toBeLessThan(300);
  });

  it("a 200 JSON without data -> APIError naming the shape problem", async () => {
    const error = await failWith((_request, res) => json(res, 200, { created: "2000-01-23T04:56:07Z", images: [] }));
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(200);
    expect((error as Error).message).toMatch(/shape/i);
    expect((error as Error).message).toContain("data");
    expect((error as APIError).body).toEqual({ created: "2000-01-23T04:56:07Z", images: [] });
  });

  it("a 200 JSON whose items have the wrong types -> APIError naming the field", async () => {
    const error = await failWith((_request, res) => json(res, 200, { created: "x", data: [{ ...IMAGE_RESPONSE.data[0], seed: "twelve" }] }));
    expect(error).toBeInstanceOf(APIError);
    expect((error as Error).message).toContain("seed");
  });
});

describe("a good response", () => {
  it("keeps unknown fields at the top and in data items", async () => {
    s.handle((_request, res) =>
      json(res, 200, {
        ...IMAGE_RESPONSE,
        request_cost: 0.03,
        data: [{ ...IMAGE_RESPONSE.data[0], aesthetic_score: 7.5, extra: { nested: true } }],
      }),
    );
    const result = (await client().v3.generate(PARAMS)) as Record<string, unknown> & { data: Array<Record<string, unknown>> };
    expect(result.request_cost).toBe(0.03);
    expect(result.data[0]!.aesthetic_score).toBe(7.5);
    expect(result.data[0]!.extra).toEqual({ nested: true });
    expect(result.data[0]!.seed).toBe(12345);
  });

  it("parses an item withheld by the safety check (url null, is_image_safe false)", async () => {
    const unsafe = { ...IMAGE_RESPONSE.data[0], url: null, is_image_safe: false };
    s.handle((_request, res) => json(res, 200, { created: IMAGE_RESPONSE.created, data: [unsafe, IMAGE_RESPONSE.data[0]] }));
    const result = await client().v3.generate(PARAMS);
    expect(result.data).toHaveLength(2);
    expect(result.data[0]!.url).toBeNull();
    expect(result.data[0]!.is_image_safe).toBe(false);
    expect(result.data[1]!.url).toBe(IMAGE_RESPONSE.data[0]!.url);
  });
});

// ---------- the key never leaks ----------

/** Every way a user could print or serialise an error. */
function renderings(error: unknown): Record<string, string> {
  const e = error as Error & { body?: unknown; headers?: Headers };
  const headers: string[] = [];
  e.headers?.forEach?.((value, name) => headers.push(`${name}: ${value}`));
  return {
    message: String(e.message),
    stack: String(e.stack),
    string: String(e),
    json: JSON.stringify(e),
    inspect: inspect(e, { depth: 10 }),
    body: typeof e.body === "string" ? e.body : JSON.stringify(e.body) ?? "",
    headers: headers.join("\n"),
  };
}

function expectNoKey(error: unknown) {
  expect(error).toBeInstanceOf(IdeogramError);
  for (const [where, text] of Object.entries(renderings(error))) {
    expect(text, `the key leaked in ${where}`).not.toContain(KEY);
  }
}

/** A server answer that echoes the key it received in the body and in a header. */
function echo(status: number, shape: "json" | "nested" | "text" | "html"): Handler {
  return (request, res) => {
    const key = String(request.headers["api-key"]);
    const headers = { "x-echo-key": key, "x-request-id": `req-${key}`, "www-authenticate": `ApiKey ${key}` };
    if (shape === "json") return json(res, status, { error: `invalid key ${key}`, key }, headers);
    if (shape === "nested") return json(res, status, { error: { message: `key ${key} is revoked`, api_key: key } }, headers);
    if (shape === "html") {
      res.writeHead(status, { ...headers, "content-type": "text/html" });
      return void res.end(`<html><head><title>Denied ${key}</title></head><body>${key}</body></html>`);
    }
    res.writeHead(status, { ...headers, "content-type": "text/plain" });
    res.end(`bad key: ${key}`);
  };
}

describe("the API key never appears", () => {
  it.each([
    [401, "json"],
    [403, "nested"],
    [400, "text"],
    [502, "html"],
    [429, "json"],
    [200, "html"],
    [200, "text"],
  ] as const)("in an error from a %i (%s) that echoes it", async (status, shape) => {
    const error = await failWith(echo(status, shape));
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(status);
    expectNoKey(error);
    // The server did receive it (so the echo was real).
    expect(s.requests.at(-1)!.headers["api-key"]).toBe(KEY);
  });

  it("in an error from a 200 JSON of the wrong shape that echoes it", async () => {
    const error = await failWith((request, res) => json(res, 200, { key: request.headers["api-key"] }, { "x-echo-key": String(request.headers["api-key"]) }));
    expect(error).toBeInstanceOf(APIError);
    expectNoKey(error);
  });

  it("in an error after retries whose answers echo it", async () => {
    const error = await failWith((request, res) => json(res, 503, { error: `overloaded for ${request.headers["api-key"]}` }, { "retry-after": "0", "x-echo-key": String(request.headers["api-key"]) }), { maxRetries: 2 });
    expect(error).toBeInstanceOf(InternalServerError);
    expectNoKey(error);
  });

  it("in a redirect-to-another-origin error whose response echoes it in a header", async () => {
    const other = await startCaptureServer();
    extraServers.push(other);
    const error = await failWith((request, res) => {
      res.writeHead(307, { location: `${other.baseURL}/v1/ideogram-v3/generate`, "x-echo-key": String(request.headers["api-key"]) });
      res.end();
    });
    expect(other.requests).toHaveLength(0);
    expectNoKey(error);
  });

  it("in the error of a 200 whose body was cut off, when the headers echo it", async () => {
    const error = await failWith((request, res, rawRequest) => {
      res.writeHead(200, { "content-type": "application/json", "x-echo-key": String(request.headers["api-key"]) });
      res.write('{"created":"2000-01-23T04:56:07Z","data":[');
      setTimeout(() => rawRequest.socket.destroy(), 20);
    });
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(200);
    expectNoKey(error);
  });

  it("in connection, timeout and abort errors", async () => {
    const refused = await rejection(new Ideogram({ apiKey: KEY, baseURL: "http://127.0.0.1:1", maxRetries: 0, logLevel: "off" }).v3.generate(PARAMS));
    expect(refused).toBeInstanceOf(APIConnectionError);
    expectNoKey(refused);

    s.handle(() => new Promise(() => {})); // never answers
    const timedOut = await rejection(client({ timeout: 150 }).v3.generate(PARAMS));
    expect(timedOut).toBeInstanceOf(APITimeoutError);
    expectNoKey(timedOut);

    const aborted = await rejection(client().v3.generate(PARAMS, { signal: AbortSignal.timeout(100) }));
    expect(aborted).toBeInstanceOf(APIUserAbortError);
    expectNoKey(aborted);
  });

  it("in JSON.stringify or util.inspect of the client", () => {
    const c = client({ defaultHeaders: { "X-Team": "imaging" } });
    expect(JSON.stringify(c)).not.toContain(KEY);
    expect(inspect(c, { depth: 10 })).not.toContain(KEY);
    expect(inspect(c, { depth: 10, showHidden: true })).not.toContain(KEY);
    expect(String(c)).not.toContain(KEY);
    expect(JSON.stringify(Object.entries(c))).not.toContain(KEY);
    // the client still knows its key
    expect(JSON.stringify(c)).toContain(s.baseURL);
  });

  it("in any log line at logLevel debug", async () => {
    const lines: string[] = [];
    const capture = (level: string) => (message: string, ...rest: unknown[]) => {
      lines.push(`${level} ${[message, ...rest].map((part) => (typeof part === "string" ? part : inspect(part, { depth: 10 }))).join(" ")}`);
    };
    const logger: Logger = { debug: capture("debug"), info: capture("info"), warn: capture("warn"), error: capture("error") };
    const c = client({ logLevel: "debug", logger, maxRetries: 2 });

    let count = 0;
    s.handle((request, res) => {
      const key = String(request.headers["api-key"]);
      if (++count < 3) return json(res, 429, { error: `slow down ${key}` }, { "retry-after": "0", "x-echo-key": key });
      json(res, 200, IMAGE_RESPONSE, { "x-echo-key": key });
    });
    await c.v3.generate(PARAMS);
    s.handle(echo(401, "json"));
    await rejection(c.v3.generate(PARAMS));

    expect(lines.length).toBeGreaterThan(2); // debug lines were written
    expect(lines.some((line) => line.startsWith("warn"))).toBe(true); // and the retry warnings
    for (const line of lines) expect(line).not.toContain(KEY);
  });
});

// ---------- construction ----------

describe("client construction", () => {
  it("without a key: an IdeogramError naming the environment variables", () => {
    vi.stubEnv("AIHUBMIX_API_KEY", undefined);
    vi.stubEnv("IDEOGRAM_API_KEY", undefined);
    let error: unknown;
    try {
      new Ideogram({ baseURL: s.baseURL });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(IdeogramError);
    expect((error as Error).message).toContain("AIHUBMIX_API_KEY");
    expect((error as Error).message).toContain("IDEOGRAM_API_KEY");
  });

  it("takes the key from AIHUBMIX_API_KEY, then IDEOGRAM_API_KEY", async () => {
    s.handle((_request, res) => json(res, 200, IMAGE_RESPONSE));
    vi.stubEnv("AIHUBMIX_API_KEY", undefined);
    vi.stubEnv("IDEOGRAM_API_KEY", "sk-from-ideogram-env");
    await new Ideogram({ baseURL: s.baseURL, logLevel: "off" }).v3.generate(PARAMS);
    expect(s.requests.at(-1)!.headers["api-key"]).toBe("sk-from-ideogram-env");
    vi.stubEnv("AIHUBMIX_API_KEY", "sk-from-aihubmix-env");
    await new Ideogram({ baseURL: s.baseURL, logLevel: "off" }).v3.generate(PARAMS);
    expect(s.requests.at(-1)!.headers["api-key"]).toBe("sk-from-aihubmix-env");
  });

  it.each(["http://api.example.com", "http://aihubmix.com/ideogram", "http://127.0.0.1.example.com", "http://localhost.example.com", "http://10.0.0.5:8080"])(
    "refuses an http: baseURL off loopback (%s)",
    (baseURL) => {
      expect(() => new Ideogram({ apiKey: KEY, baseURL })).toThrow(IdeogramError);
      expect(() => new Ideogram({ apiKey: KEY, baseURL })).toThrow(/https/);
    },
  );

  it.each(["http://127.0.0.1:8080", "http://localhost:3000/ideogram", "http://127.0.0.1", "http://localhost", "https://api.example.com"])(
    "accepts %s",
    (baseURL) => {
      expect(() => new Ideogram({ apiKey: KEY, baseURL })).not.toThrow();
    },
  );

  it("refuses a baseURL that is not a URL", () => {
    expect(() => new Ideogram({ apiKey: KEY, baseURL: "not a url" })).toThrow(IdeogramError);
  });

  it("uses IDEOGRAM_BASE_URL from the environment", async () => {
    s.handle((_request, res) => json(res, 200, IMAGE_RESPONSE));
    vi.stubEnv("IDEOGRAM_BASE_URL", s.baseURL);
    const c = new Ideogram({ apiKey: KEY, logLevel: "off" });
    expect(c.baseURL).toBe(s.baseURL);
    const before = s.requests.length;
    await c.v3.generate(PARAMS);
    expect(s.requests.length).toBe(before + 1);
    expect(s.requests.at(-1)!.url).toBe("/v1/ideogram-v3/generate");
  });

  it("an explicit baseURL wins over IDEOGRAM_BASE_URL", () => {
    vi.stubEnv("IDEOGRAM_BASE_URL", "https://env.example.com");
    expect(new Ideogram({ apiKey: KEY, baseURL: "https://given.example.com" }).baseURL).toBe("https://given.example.com");
  });

  it('picks the provider\'s base URL: "aihubmix" by default, "ideogram" -> https://api.ideogram.ai', () => {
    vi.stubEnv("IDEOGRAM_BASE_URL", undefined);
    const ideogram = new Ideogram({ apiKey: KEY, provider: "ideogram" });
    expect(ideogram.provider).toBe("ideogram");
    expect(ideogram.baseURL).toBe("https://api.ideogram.ai");
    const gateway = new Ideogram({ apiKey: KEY });
    expect(gateway.provider).toBe("aihubmix");
    expect(gateway.baseURL).toBe("https://aihubmix.com/ideogram");
  });

  it("refuses an unknown provider", () => {
    expect(() => new Ideogram({ apiKey: KEY, provider: "openai" as never })).toThrow(IdeogramError);
  });

  it.each(["sometimes", "SAFE", ""])("refuses retryPolicy %j", (retryPolicy) => {
    expect(() => new Ideogram({ apiKey: KEY, retryPolicy: retryPolicy as never })).toThrow(IdeogramError);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])("refuses maxConcurrency %s", (maxConcurrency) => {
    expect(() => new Ideogram({ apiKey: KEY, maxConcurrency })).toThrow(IdeogramError);
  });

  it.each([0, -5, Number.NaN, Number.POSITIVE_INFINITY])("refuses timeout %s", (timeout) => {
    expect(() => new Ideogram({ apiKey: KEY, timeout })).toThrow(IdeogramError);
  });

  it.each([-1, 1.5, Number.NaN])("refuses maxRetries %s", (maxRetries) => {
    expect(() => new Ideogram({ apiKey: KEY, maxRetries })).toThrow(IdeogramError);
  });

  it("accepts good values", () => {
    const c = new Ideogram({ apiKey: KEY, retryPolicy: "all", maxConcurrency: 1, timeout: 1, maxRetries: 0 });
    expect(c.retryPolicy).toBe("all");
    expect(c.maxConcurrency).toBe(1);
    expect(c.timeout).toBe(1);
    expect(c.maxRetries).toBe(0);
  });

  it("construction errors do not contain the key", () => {
    for (const options of [{ baseURL: "http://api.example.com" }, { timeout: -1 }, { retryPolicy: "x" as never }]) {
      let error: unknown;
      try {
        new Ideogram({ apiKey: KEY, ...options });
      } catch (caught) {
        error = caught;
      }
      expectNoKey(error);
    }
  });
});
