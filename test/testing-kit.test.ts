/**
 * `ideogram-sdk/testing` with the SDK's own client: the mock server and the msw handlers answer every
 * endpoint in its shape, refuse what the schemas refuse, fail when told to (and the client reacts as it
 * should), and record what they received. Both run the same tests, since they share one core.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  APIError, APITimeoutError, AuthenticationError, DEFAULT_BASE_URLS, Ideogram, InternalServerError, RateLimitError,
  UnprocessableEntityError, ValidationError, downloadImages, type ClientOptions, type EndpointName,
} from "ideogram-sdk";
import { endpoints } from "ideogram-sdk/schemas";
import { createHandlers, createMockServer, handlers, type MockControls } from "ideogram-sdk/testing";
import { readImageSize, sniffImageType } from "../src/images/sniff";
import config from "../vitest.config";
import { pngBytes } from "./helpers/images";

const image = pngBytes(64, 48);
const mask = pngBytes(64, 48, [0, 0, 0]);

/** One call per endpoint, with the size and seeds its images must have (taken from the request). */
const calls: Record<EndpointName, { call: (client: Ideogram) => Promise<unknown>; size?: [number, number]; seeds?: number[] }> = {
  "v3.generate": { call: (c) => c.v3.generate({ prompt: "a fox", aspect_ratio: "16x9", num_images: 2, seed: 7 }), size: [1312, 736], seeds: [7, 8] },
  "v3.remix": { call: (c) => c.v3.remix({ prompt: "r", image, resolution: "832x1216", seed: 3 }), size: [832, 1216], seeds: [3] },
  "v3.edit": { call: (c) => c.v3.edit({ prompt: "e", image, mask, seed: 11 }), size: [64, 48], seeds: [11] },
  "v3.replaceBackground": { call: (c) => c.v3.replaceBackground({ prompt: "snow", image, num_images: 3, seed: 1 }), size: [64, 48], seeds: [1, 2, 3] },
  "v3.reframe": { call: (c) => c.v3.reframe({ image, resolution: "1280x800", seed: 5 }), size: [1280, 800], seeds: [5] },
  "legacy.generate": { call: (c) => c.legacy.generate({ image_request: { prompt: "p", aspect_ratio: "ASPECT_3_4", seed: 9 } }), size: [864, 1152], seeds: [9] },
  "legacy.remix": {
    call: (c) => c.legacy.remix({ image_request: { prompt: "r", resolution: "RESOLUTION_640_1024", seed: 2 }, image_file: image }),
    size: [640, 1024], seeds: [2],
  },
  "legacy.edit": { call: (c) => c.legacy.edit({ prompt: "e", model: "V_2", image_file: image, mask, seed: 4 }), size: [64, 48], seeds: [4] },
  "legacy.upscale": { call: (c) => c.legacy.upscale({ image_request: { seed: 6 }, image_file: image }), size: [128, 96], seeds: [6] },
  "legacy.describe": { call: (c) => c.legacy.describe({ image_file: image }) },
  "v3.inpaint": { call: (c) => c.v3.inpaint({ prompt: "door", image, mask, seed: 10 }), size: [64, 48], seeds: [10] },
  "v3.generateTransparent": { call: (c) => c.v3.generateTransparent({ prompt: "a sticker", aspect_ratio: "1x1", seed: 8 }), size: [1024, 1024], seeds: [8] },
  "v3.layerizeText": { call: (c) => c.v3.layerizeText({ image, seed: 12 }), size: [64, 48], seeds: [12] },
  "legacy.reframe": {
    call: (c) => c.legacy.reframe({ image_file: image, resolution: "RESOLUTION_1280_768", model: "V_2", seed: 1 }), size: [1280, 768], seeds: [1],
  },
  removeBackground: { call: (c) => c.removeBackground({ image }), size: [64, 48] },
  editWithPrompt: { call: (c) => c.editWithPrompt({ prompt: "night", images: [image], seed: 13 }), size: [64, 48], seeds: [13] },
};

async function pngSize(url: string): Promise<{ width: number; height: number } | undefined> {
  const response = await fetch(url);
  expect(response.headers.get("content-type")).toBe("image/png");
  const bytes = new Uint8Array(await response.arrayBuffer());
  expect(sniffImageType(bytes)).toBe("image/png");
  return readImageSize(bytes);
}

/** The image links of any response, and the seeds it reports. */
function linksAndSeeds(body: Record<string, unknown>): { urls: (string | null)[]; seeds: number[] } {
  if ("base_image_url" in body) return { urls: [body.base_image_url as string], seeds: [body.seed as number] };
  const data = body.data as { url: string | null; seed?: number }[];
  return { urls: data.map((item) => item.url), seeds: data.flatMap((item) => (item.seed === undefined ? [] : [item.seed])) };
}

interface Kit {
  name: string;
  start(): Promise<{ baseURL: string; controls: MockControls; stop(): Promise<void> }>;
}

const kits: Kit[] = [
  {
    name: "createMockServer",
    async start() {
      const mock = await createMockServer();
      return { baseURL: mock.baseURL, controls: mock, stop: () => mock.close() };
    },
  },
  {
    name: "msw handlers",
    async start() {
      const server = setupServer(...handlers);
      server.listen({ onUnhandledRequest: "error" });
      return { baseURL: DEFAULT_BASE_URLS.aihubmix, controls: handlers, stop: async () => server.close() };
    },
  },
];

describe.each(kits)("$name", (kit) => {
  let baseURL: string;
  let mock: MockControls;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    ({ baseURL, controls: mock, stop } = await kit.start());
  });
  afterEach(() => mock.reset());
  afterAll(() => stop());
  const client = (options: ClientOptions = {}) => new Ideogram({ apiKey: "test-key", baseURL, ...options });

  /** A raw request, past the SDK's own validation. */
  const post = (path: string, fields: Record<string, string | Blob>) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    return fetch(`${baseURL}${path}`, { method: "POST", headers: { "Api-Key": "k" }, body: form });
  };

  describe("answers every endpoint like the API", () => {
    it.each(Object.keys(calls) as EndpointName[])("%s: the response's shape, sizes and seeds from the request, real PNGs", async (name) => {
      const { call, size, seeds } = calls[name];
      const body = (await call(client())) as Record<string, unknown>;
      expect(endpoints[name].response.safeParse(body).success).toBe(true);
      expect(mock.requests.map((request) => [request.endpoint, request.status])).toEqual([[name, 200]]);
      if (name === "legacy.describe") return void expect(body.descriptions).toEqual([{ text: expect.any(String) }]);
      const { urls, seeds: answered } = linksAndSeeds(body);
      if (seeds) expect(answered).toEqual(seeds);
      if (name !== "v3.layerizeText" && name !== "removeBackground") {
        expect((body.data as { resolution: string }[]).map((item) => item.resolution)).toEqual(urls.map(() => `${size![0]}x${size![1]}`));
      }
      for (const url of urls) expect(await pngSize(url!)).toEqual({ width: size![0], height: size![1] });
    });
  });

  describe("refuses what the schemas refuse, with the SDK's own message", () => {
    it("400 for a value out of range, with the ValidationError's message", async () => {
      const sdk = await client().v3.generate({ prompt: "p", num_images: 12 }).catch((error: ValidationError) => error);
      expect(sdk).toBeInstanceOf(ValidationError);
      const response = await post("/v1/ideogram-v3/generate", { prompt: "p", num_images: "12" });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: (sdk as ValidationError).message });
      expect(mock.requests[0]).toMatchObject({ endpoint: "v3.generate", status: 400, params: { prompt: "p", num_images: 12 } });
    });

    it("400 for a file that is not an image, an unknown field, and a mask of the wrong size", async () => {
      const notImage = await post("/v1/ideogram-v3/remix", { prompt: "p", image: new Blob(["hello"]) });
      expect(notImage.status).toBe(400);
      expect(((await notImage.json()) as { error: string }).error).toMatch(/image: must be a JPEG, PNG or WebP image/);
      const misspelt = await post("/v1/ideogram-v3/remix", { prompt: "p", image: new Blob([image]), imge_weight: "3" });
      expect(misspelt.status).toBe(400);
      expect(((await misspelt.json()) as { error: string }).error).toMatch(/imge_weight: is not a field of this endpoint\. Did you mean "image_weight"\?/);
      const wrongMask = await post("/v1/ideogram-v3/edit", { prompt: "p", image: new Blob([image]), mask: new Blob([pngBytes(32, 32)]) });
      expect(wrongMask.status).toBe(400);
      expect(((await wrongMask.json()) as { error: string }).error).toMatch(/^Invalid params for v3\.edit:\n {2}- mask: /);
    });

    it("400 for a legacy JSON body the schemas refuse, and for a body that is not JSON", async () => {
      const bad = await fetch(`${baseURL}/generate`, {
        method: "POST", headers: { "Api-Key": "k", "content-type": "application/json" }, body: JSON.stringify({ image_request: { prompt: "p", model: "V_9" } }),
      });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: string }).error).toMatch(/image_request\.model: must be one of/);
      const garbled = await fetch(`${baseURL}/generate`, { method: "POST", headers: { "Api-Key": "k", "content-type": "application/json" }, body: "{" });
      expect(garbled.status).toBe(400);
    });

    it("401 without a key or with the wrong one, 404 for a path the API does not have", async () => {
      const noKey = await fetch(`${baseURL}/generate`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
      expect(noKey.status).toBe(401);
      mock.configure({ apiKey: "right" });
      await expect(client({ apiKey: "wrong" }).v3.generate({ prompt: "p" })).rejects.toBeInstanceOf(AuthenticationError);
      await expect(client({ apiKey: "right" }).v3.generate({ prompt: "p" })).resolves.toBeTruthy();
      expect((await post("/v1/nothing", {})).status).toBe(404);
    });
  });

  describe("fails when told to, and the SDK reacts as it should", () => {
    it("429 with Retry-After 0 is retried, then succeeds", async () => {
      mock.fail({ status: 429, retryAfter: 0, times: 1 });
      await expect(client().v3.generate({ prompt: "p" })).resolves.toMatchObject({ data: [{ is_image_safe: true }] });
      expect(mock.requests.map((request) => request.status)).toEqual([429, 200]);
    });

    it("500 is not retried (it may have been charged)", async () => {
      mock.fail({ status: 500, times: 1 });
      await expect(client().v3.generate({ prompt: "p" })).rejects.toBeInstanceOf(InternalServerError);
      expect(mock.requests.map((request) => request.status)).toEqual([500]);
    });

    it("a Retry-After longer than the SDK waits fails at once with RateLimitError; a date is sent as an HTTP date", async () => {
      mock.fail({ status: 429, retryAfter: 120 });
      await expect(client().v3.generate({ prompt: "p" })).rejects.toMatchObject({ name: "RateLimitError", retryAfter: 120 });
      const until = new Date(Date.now() + 3_600_000);
      mock.fail({ status: 503, retryAfter: until });
      const response = await post("/v1/ideogram-v3/generate", { prompt: "p" });
      expect(response.headers.get("retry-after")).toBe(until.toUTCString());
    });

    it("an HTML body, custom headers, and only for the endpoints named, in order of the rules", async () => {
      mock.fail([
        { status: 502, body: "<html><title>Bad Gateway</title></html>", headers: { "x-request-id": "req-1" }, endpoint: "legacy.describe", times: 1 },
        { status: 418, body: { error: "teapot" }, endpoint: ["legacy.describe"] },
      ]);
      await expect(client().v3.generate({ prompt: "p" })).resolves.toBeTruthy();
      const html = await client().legacy.describe({ image_file: image }).catch((error: APIError) => error);
      expect(html).toMatchObject({ status: 502, requestId: "req-1", message: expect.stringContaining('HTML error page "Bad Gateway"') });
      await expect(client().legacy.describe({ image_file: image })).rejects.toMatchObject({ status: 418, body: { error: "teapot" } });
    });

    it("latency: a client with a shorter timeout times out; the recorded timing shows the wait", async () => {
      mock.configure({ latency: 200 });
      await expect(client({ timeout: 50, maxRetries: 0 }).v3.generate({ prompt: "p" })).rejects.toBeInstanceOf(APITimeoutError);
      await client().v3.generate({ prompt: "p" });
      expect(mock.requests[1]!.duration).toBeGreaterThanOrEqual(190);
    });

    it("maxInFlight: past the limit 429 { reject_reason: inflight_limit }; a client within it never sees one", async () => {
      mock.configure({ maxInFlight: 2, latency: 300 }); // long enough for all five to arrive while two are held
      const eager = client({ maxConcurrency: 5, maxRetries: 0 });
      const results = await Promise.allSettled(Array.from({ length: 5 }, () => eager.v3.generate({ prompt: "p" })));
      expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(2);
      const rejected = results.flatMap((result) => (result.status === "rejected" ? [result.reason as RateLimitError] : []));
      expect(rejected).toHaveLength(3);
      for (const error of rejected) {
        expect(error).toBeInstanceOf(RateLimitError);
        expect(error.body).toMatchObject({ error: expect.any(String), reject_reason: "inflight_limit" });
      }
      mock.clear();
      const polite = client({ maxConcurrency: 2, maxRetries: 0 });
      await Promise.all(Array.from({ length: 5 }, () => polite.v3.generate({ prompt: "p" })));
      expect(mock.requests.map((request) => request.status)).toEqual([200, 200, 200, 200, 200]);
    });

    it("unsafe: withheld images have is_image_safe false and url null; a number withholds that many", async () => {
      mock.configure({ unsafe: true });
      const all = await client().v3.generate({ prompt: "p", num_images: 2 });
      expect(all.data.map((item) => [item.is_image_safe, item.url])).toEqual([[false, null], [false, null]]);
      expect(await downloadImages(all)).toEqual([null, null]);
      const removed = await client().removeBackground({ image });
      expect(removed.data).toEqual([{ url: null, is_image_safe: false }]);
      mock.configure({ unsafe: 1 });
      const some = await client().legacy.generate({ image_request: { prompt: "p", num_images: 3 } });
      expect(some.data.map((item) => item.is_image_safe)).toEqual([false, true, true]);
      expect((await downloadImages(some)).map((blob) => blob?.type ?? null)).toEqual([null, "image/png", "image/png"]);
    });

    it('a prompt with the word "unsafe" fails the safety check with 422', async () => {
      const error = await client().v3.generate({ prompt: "something unsafe" }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(UnprocessableEntityError);
      expect(error).toMatchObject({ status: 422, body: { error: "Prompt failed the safety check" } });
    });

    it("reset() restores the behaviour given at creation and forgets the requests", async () => {
      mock.configure({ unsafe: true, latency: 10 });
      mock.fail({ status: 500 });
      mock.reset();
      expect(mock.requests).toEqual([]);
      await expect(client().v3.generate({ prompt: "p" })).resolves.toMatchObject({ data: [{ is_image_safe: true }] });
    });
  });

  it("records each request: endpoint, method, path, headers, decoded params with files, status and timing", async () => {
    const before = Date.now();
    await client().v3.remix({ prompt: "r", image, image_weight: 10, style_codes: ["aabbccdd"] });
    const [recorded] = mock.requests;
    expect(recorded).toMatchObject({
      endpoint: "v3.remix",
      method: "POST",
      path: `${new URL(baseURL).pathname.replace(/\/$/, "")}/v1/ideogram-v3/remix`,
      headers: { "api-key": "test-key", "content-type": expect.stringMatching(/^multipart\/form-data; boundary=/) },
      params: { prompt: "r", image_weight: 10, style_codes: ["aabbccdd"], image: expect.any(File) },
      status: 200,
    });
    expect(new Uint8Array(await (recorded!.params.image as File).arrayBuffer())).toEqual(image);
    expect(recorded!.startedAt).toBeGreaterThanOrEqual(before);
    expect(recorded!.duration).toBeGreaterThanOrEqual(0);
    mock.clear();
    expect(mock.requests).toEqual([]);
  });
});

describe("msw: more base URLs", () => {
  const custom = createHandlers({ baseURLs: ["https://proxy.example.test/api/ideogram"], imageBaseURL: "https://images.example.test/", unsafe: 1 });
  const server = setupServer(...handlers, ...custom);
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => {
    handlers.reset();
    custom.reset();
  });
  afterAll(() => server.close());

  it("answers Ideogram's own base URL (provider: ideogram) too", async () => {
    const response = await new Ideogram({ apiKey: "k", provider: "ideogram" }).v3.generate({ prompt: "p", seed: 3 });
    expect(response.data[0]).toMatchObject({ seed: 3, url: expect.stringMatching(/^https:\/\/mock\.ideogram\.test\/images\//) });
    expect(handlers.requests).toMatchObject([{ path: "/v1/ideogram-v3/generate", status: 200 }]);
  });

  it("createHandlers: custom base URLs, image host and options, with requests of their own", async () => {
    const response = await new Ideogram({ apiKey: "k", baseURL: "https://proxy.example.test/api/ideogram" }).v3.generate({ prompt: "p", num_images: 2 });
    expect(response.data.map((item) => item.url)).toEqual([null, expect.stringMatching(/^https:\/\/images\.example\.test\/images\/[\w-]+\.png$/)]);
    expect(await pngSize(response.data[1]!.url!)).toEqual({ width: 1024, height: 1024 });
    expect(custom.requests.map((request) => request.path)).toEqual(["/api/ideogram/v1/ideogram-v3/generate"]);
    expect(handlers.requests).toEqual([]);
  });
});

describe("the examples in examples/testing", () => {
  const run = promisify(execFile);
  const root = join(import.meta.dirname, "..");

  it("node:test: node --import tsx --test passes", async () => {
    const example = "examples/testing/node-test.example.test.ts";
    const { stdout } = await run(process.execPath, ["--import", "tsx", "--test", example], { cwd: root, timeout: 60_000 });
    expect(stdout).toMatch(/# pass [1-9]/);
    expect(stdout).toMatch(/# fail 0/);
  });

  it("vitest: passes under its own config (the repository's default include leaves the examples out)", async () => {
    const vitest = join(root, "node_modules", "vitest", "vitest.mjs");
    const { stdout } = await run(process.execPath, [vitest, "run", "--config", "examples/testing/vitest.config.ts"], {
      // Not the variables of this vitest run, which would make the child think it is one of its workers.
      cwd: root, timeout: 60_000, env: { ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("VITEST"))), NO_COLOR: "1" },
    });
    expect(stdout).toMatch(/Tests\s+\d+ passed/);
    expect(stdout).not.toMatch(/failed/);
    expect(config.test?.include?.every((pattern) => pattern.startsWith("test/"))).toBe(true);
  });
});
