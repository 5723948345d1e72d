/**
 * Money: the price tables (one per provider, with source and date), estimateCost for all ten endpoints, the
 * client's budget (reserve, spend, release; concurrent calls; risky retries) and its usage count.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  APIConnectionError, APIError, APITimeoutError, APIUserAbortError, BudgetExceededError, Ideogram, ValidationError,
  aihubmixPrices, createMask, estimateCost, ideogramPrices, priceTables,
  type ClientOptions, type CostEstimate, type EndpointName, type PriceRow, type PriceTable, type Provider,
} from "ideogram-sdk";
import {
  DESCRIBE_RESPONSE, IMAGE_RESPONSE, json, startCaptureServer, type CaptureServer, type Handler,
} from "./helpers/capture-server";
import { pngBytes } from "./helpers/images";

const KEY = "sk-test-pricing-KEY-7";
const PROMPT = "a lighthouse at dusk";
const png = pngBytes(2, 2);
let mask: File;

beforeAll(async () => {
  mask = await createMask({ width: 2, height: 2, rects: [{ x: 0, y: 0, width: 1, height: 1 }] });
});

// ---------- helpers ----------

const servers: CaptureServer[] = [];

async function server(handler?: Handler): Promise<CaptureServer> {
  const started = await startCaptureServer(handler);
  servers.push(started);
  return started;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function client(baseURL: string, options: ClientOptions = {}): Ideogram {
  return new Ideogram({ apiKey: KEY, baseURL, logLevel: "off", ...options });
}

/** estimateCost for an endpoint chosen at run time. */
function estimate(endpoint: EndpointName, params: Record<string, unknown>, provider?: Provider): CostEstimate {
  return estimateCost(endpoint as "v3.generate", params as never, provider ? { provider } : {});
}

/** A call of an endpoint chosen at run time, with the files it needs added. */
function call(c: Ideogram, endpoint: EndpointName, params: Record<string, unknown>): Promise<unknown> {
  return c.call(endpoint as "v3.generate", { ...params, ...filesFor(endpoint) } as never);
}

/** The files a call of the endpoint needs (estimation does without them). */
function filesFor(endpoint: EndpointName): Record<string, unknown> {
  switch (endpoint) {
    case "v3.generate":
    case "legacy.generate":
      return {};
    case "v3.remix":
    case "v3.replaceBackground":
    case "v3.reframe":
      return { image: png };
    case "v3.edit":
      return { image: png, mask };
    case "legacy.edit":
      return { image_file: png, mask };
    case "legacy.remix":
    case "legacy.upscale":
    case "legacy.describe":
    case "legacy.reframe":
      return { image_file: png };
    case "v3.inpaint":
      return { image: png, mask };
    case "v3.layerizeText":
    case "removeBackground":
      return { image: png };
    case "v3.generateTransparent":
      return {};
    case "editWithPrompt":
      return { images: [png] };
  }
}

/** Resolves with the rejection of a promise (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail, but it resolved");
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await pause(5);
  }
}

/** Answers with a status (Retry-After: 0, so that an allowed retry does not wait). */
function answer(status: number): Handler {
  return (_request, res) => json(res, status, { error: `status ${status}` }, { "retry-after": "0" });
}

/** A port on 127.0.0.1 with nothing listening. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

const v3Endpoints = ["v3.generate", "v3.remix", "v3.edit", "v3.replaceBackground", "v3.reframe"] as const;

/** Params (without files) of a v3 endpoint at a speed. */
function v3Params(endpoint: (typeof v3Endpoints)[number], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return endpoint === "v3.reframe" ? { resolution: "1024x1024", ...extra } : { prompt: PROMPT, ...extra };
}

/** Endpoints that take a character reference. */
const characterEndpoints = ["v3.generate", "v3.remix", "v3.edit"] as const;

/** A call (endpoint and params) that falls under a price row, from its key. */
function callUnder(key: string): { endpoint: EndpointName; params: Record<string, unknown> } {
  const v3 = /^v3(\+character|\+custom)?\/([A-Z]+)$/.exec(key);
  if (v3) {
    const tier =
      v3[1] === "+character" ? { character_reference_images: png } : v3[1] === "+custom" ? { custom_model_uri: "model/mine/version/1" } : {};
    return { endpoint: "v3.generate", params: { prompt: PROMPT, rendering_speed: v3[2], ...tier } };
  }
  const inpaint = /^v3\.inpaint(\+character)?\/([A-Z]+)$/.exec(key);
  if (inpaint) {
    return { endpoint: "v3.inpaint", params: { prompt: PROMPT, rendering_speed: inpaint[2], ...(inpaint[1] ? { character_reference_images: png } : {}) } };
  }
  const transparent = /^v3\.generateTransparent\/(X[124])\/([A-Z]+)$/.exec(key);
  if (transparent) return { endpoint: "v3.generateTransparent", params: { prompt: PROMPT, upscale_factor: transparent[1], rendering_speed: transparent[2] } };
  const reframe = /^legacy\.reframe\/([A-Z0-9_]+)$/.exec(key);
  if (reframe) return { endpoint: "legacy.reframe", params: { resolution: "RESOLUTION_1024_1024", model: reframe[1] } };
  if (key === "v3.layerizeText" || key === "removeBackground") return { endpoint: key, params: {} };
  if (key === "editWithPrompt") return { endpoint: key, params: { prompt: PROMPT } };
  const legacy = /^legacy\/([A-Z0-9_]+)$/.exec(key);
  if (legacy) return { endpoint: "legacy.generate", params: { image_request: { prompt: PROMPT, model: legacy[1] } } };
  const edit = /^legacy\.edit\/([A-Z0-9_]+)$/.exec(key);
  if (edit) return { endpoint: "legacy.edit", params: { prompt: PROMPT, model: edit[1] } };
  if (key === "legacy.upscale") return { endpoint: "legacy.upscale", params: {} };
  if (key === "legacy.describe") return { endpoint: "legacy.describe", params: {} };
  throw new Error(`no call falls under the price row ${key}`);
}

const tables: Array<[Provider, PriceTable]> = [
  ["aihubmix", aihubmixPrices],
  ["ideogram", ideogramPrices],
];

// ---------- the tables ----------

describe("price tables", () => {
  it.each(tables)("%s: the table carries its provider, source and date", (provider, table) => {
    expect(table.provider).toBe(provider);
    expect(priceTables[provider]).toBe(table);
    expect(table.source.trim().length).toBeGreaterThan(10);
    expect(table.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Number.isNaN(Date.parse(table.date))).toBe(false);
    expect(new Date(table.date).toISOString().slice(0, 10)).toBe(table.date); // a real calendar date
  });

  it("names the documents the prices were read from", () => {
    expect(aihubmixPrices.source).toMatch(/AiHubMix/i);
    expect(aihubmixPrices.source).toMatch(/V3 Pricing/);
    expect(aihubmixPrices.source).toMatch(/V2 & V1 Pricing/);
    expect(ideogramPrices.source).toMatch(/ideogram-official-api\.md/);
    expect(ideogramPrices.source).toMatch(/section 7/);
  });

  it.each(tables)("%s: every row has a unique key, and a price or a reason (never both missing)", (_provider, table) => {
    const speeds = ["FLASH", "TURBO", "DEFAULT", "QUALITY"];
    const models = ["V_2A", "V_2A_TURBO", "V_2", "V_2_TURBO", "V_1", "V_1_TURBO", "AUTO"];
    const expected = [
      ...speeds.map((speed) => `v3/${speed}`), ...speeds.map((speed) => `v3+character/${speed}`),
      ...models.map((model) => `legacy/${model}`), "legacy.edit/V_2", "legacy.edit/V_2_TURBO", "legacy.upscale", "legacy.describe",
    ];
    expect(table.rows.map((row) => row.key)).toEqual(expect.arrayContaining(expected));
    expect(new Set(table.rows.map((row) => row.key)).size).toBe(table.rows.length);
    for (const row of table.rows) {
      if (row.usd === undefined) {
        expect(row.reason, row.key).toEqual(expect.any(String));
        expect(row.reason!.length, row.key).toBeGreaterThan(0);
      } else {
        expect(row.usd, row.key).toBeGreaterThan(0);
        expect(row.reason, row.key).toBeUndefined();
      }
      expect(["output image", "input"]).toContain(row.per);
    }
  });

  describe.each(tables)("%s: every row is what a call under it costs", (provider, table) => {
    it.each(table.rows.map((row): [string, PriceRow] => [row.key, row]))("%s (estimateCost)", (_key, row) => {
      const { endpoint, params } = callUnder(row.key);
      const result = estimate(endpoint, params, provider);
      expect(result.key).toBe(row.key);
      expect(result.provider).toBe(provider);
      expect(result.per).toBe(row.per);
      expect(result.unitUSD).toBe(row.usd);
      expect(result.usd).toBe(row.usd); // one image, or one input
      if (row.usd === undefined) expect(result.reason).toBe(row.reason);
      else expect(result.reason).toBeUndefined();
    });

    it.each(table.rows.map((row): [string, PriceRow] => [row.key, row]))("%s (a real call, counted in usage)", async (_key, row) => {
      const s = await server();
      const c = client(s.baseURL, { provider });
      const { endpoint, params } = callUnder(row.key);
      await call(c, endpoint, params);
      expect(s.requests).toHaveLength(1);
      expect(c.usage).toEqual({ requests: 1, images: endpoint === "legacy.describe" ? 0 : 1, usd: row.usd ?? 0 });
    });
  });
});

// ---------- the published figures, copied by hand from the two documents ----------

type Figure = [label: string, endpoint: EndpointName, params: Record<string, unknown>, usd: number];

/** Prices both documents publish (AiHubMix's V3 and V2 & V1 Pricing; Ideogram section 7.2 and 7.4). */
function figuresOnBoth(): Figure[] {
  const figures: Figure[] = [];
  for (const endpoint of v3Endpoints) {
    for (const [speed, usd] of [["TURBO", 0.03], ["DEFAULT", 0.06], ["QUALITY", 0.09]] as const) {
      figures.push([`${endpoint} ${speed}`, endpoint, v3Params(endpoint, { rendering_speed: speed }), usd]);
    }
  }
  const legacy = [["V_2A", 0.04], ["V_2A_TURBO", 0.025], ["V_2", 0.08], ["V_2_TURBO", 0.05], ["V_1", 0.06], ["V_1_TURBO", 0.02]] as const;
  for (const endpoint of ["legacy.generate", "legacy.remix"] as const) {
    for (const [model, usd] of legacy) figures.push([`${endpoint} ${model}`, endpoint, { image_request: { prompt: PROMPT, model } }, usd]);
  }
  figures.push(["legacy.edit 2.0 Edit", "legacy.edit", { prompt: PROMPT, model: "V_2" }, 0.08]);
  figures.push(["legacy.edit 2.0 Turbo Edit", "legacy.edit", { prompt: PROMPT, model: "V_2_TURBO" }, 0.05]);
  figures.push(["legacy.upscale", "legacy.upscale", {}, 0.06]);
  figures.push(["legacy.upscale with an image_request", "legacy.upscale", { image_request: { resemblance: 70, num_images: 1 } }, 0.06]);
  return figures;
}

/** Prices only Ideogram publishes. */
function figuresOnIdeogramOnly(): Figure[] {
  const figures: Figure[] = [];
  for (const endpoint of v3Endpoints) figures.push([`${endpoint} FLASH`, endpoint, v3Params(endpoint, { rendering_speed: "FLASH" }), 0.03]);
  for (const endpoint of characterEndpoints) {
    for (const [speed, usd] of [["TURBO", 0.1], ["DEFAULT", 0.15], ["QUALITY", 0.2]] as const) {
      figures.push([`${endpoint} ${speed} + character reference`, endpoint, v3Params(endpoint, { rendering_speed: speed, character_reference_images: png }), usd]);
    }
  }
  figures.push(["v3.generate (DEFAULT) + character reference as a list", "v3.generate", { prompt: PROMPT, character_reference_images: [png] }, 0.15]);
  figures.push(["legacy.describe", "legacy.describe", {}, 0.01]);
  return figures;
}

type Unpublished = [label: string, endpoint: EndpointName, params: Record<string, unknown>];

function unpublishedOnBoth(): Unpublished[] {
  return [
    ["legacy.generate AUTO", "legacy.generate", { image_request: { prompt: PROMPT, model: "AUTO" } }],
    ["legacy.remix AUTO", "legacy.remix", { image_request: { prompt: PROMPT, model: "AUTO" } }],
    ["legacy.upscale num_images 2", "legacy.upscale", { image_request: { num_images: 2 } }],
    ["v3.generate FLASH + character reference", "v3.generate", { prompt: PROMPT, rendering_speed: "FLASH", character_reference_images: png }],
  ];
}

function unpublishedOnAihubmixOnly(): Unpublished[] {
  const list: Unpublished[] = v3Endpoints.map((endpoint): Unpublished => [`${endpoint} FLASH`, endpoint, v3Params(endpoint, { rendering_speed: "FLASH" })]);
  for (const speed of ["TURBO", "DEFAULT", "QUALITY"]) {
    list.push([`v3.generate ${speed} + character reference`, "v3.generate", { prompt: PROMPT, rendering_speed: speed, character_reference_images: png }]);
  }
  list.push(["v3.remix (DEFAULT) + character reference", "v3.remix", { prompt: PROMPT, character_reference_images: png }]);
  list.push(["legacy.describe", "legacy.describe", {}]);
  return list;
}

describe("published prices (copied from the documents)", () => {
  it.each(figuresOnBoth())("aihubmix: %s is $%s", (_label, endpoint, params, usd) => {
    const result = estimate(endpoint, params, "aihubmix");
    expect(result.unitUSD).toBe(usd);
    expect(result.usd).toBe(usd);
  });

  it.each(figuresOnBoth())("ideogram: %s is $%s", (_label, endpoint, params, usd) => {
    const result = estimate(endpoint, params, "ideogram");
    expect(result.unitUSD).toBe(usd);
    expect(result.usd).toBe(usd);
  });

  it.each(figuresOnIdeogramOnly())("ideogram: %s is $%s", (_label, endpoint, params, usd) => {
    const result = estimate(endpoint, params, "ideogram");
    expect(result.unitUSD).toBe(usd);
    expect(result.usd).toBe(usd);
    expect(result.reason).toBeUndefined();
  });

  it("upscale and describe are billed per input, the rest per output image", () => {
    expect(estimate("legacy.upscale", {}, "ideogram").per).toBe("input");
    expect(estimate("legacy.describe", {}, "ideogram").per).toBe("input");
    expect(estimate("legacy.edit", { prompt: PROMPT, model: "V_2" }).per).toBe("output image");
    expect(estimate("v3.generate", { prompt: PROMPT }).per).toBe("output image");
  });
});

describe("unpublished prices are undefined with a reason, never a guess", () => {
  const check = (result: CostEstimate) => {
    expect(result.usd).toBeUndefined();
    expect(result.unitUSD).toBeUndefined();
    expect(result.reason).toEqual(expect.any(String));
    expect(result.reason!.length).toBeGreaterThan(0);
  };
  it.each([...unpublishedOnBoth(), ...unpublishedOnAihubmixOnly()])("aihubmix: %s", (_label, endpoint, params) => {
    check(estimate(endpoint, params, "aihubmix"));
  });
  it.each(unpublishedOnBoth())("ideogram: %s", (_label, endpoint, params) => {
    check(estimate(endpoint, params, "ideogram"));
  });

  it("says why: AUTO lets the server pick, upscale num_images, FLASH on AiHubMix", () => {
    expect(estimate("legacy.generate", { image_request: { prompt: PROMPT, model: "AUTO" } }).reason).toMatch(/AUTO/);
    expect(estimate("legacy.upscale", { image_request: { num_images: 3 } }).reason).toMatch(/num_images/);
    expect(estimate("v3.generate", { prompt: PROMPT, rendering_speed: "FLASH" }).reason).toMatch(/FLASH/);
    expect(estimate("legacy.describe", {}).reason).toMatch(/describe/i);
  });

  it("custom models are priced by the custom-model table, not as plain 3.0 (Ideogram section 7.4)", () => {
    const custom = { prompt: PROMPT, custom_model_uri: "model/my-model/version/1" };
    // Ideogram: custom-model inference is $0.06 / $0.12 / $0.18 (Turbo / Default / Quality).
    expect(estimate("v3.generate", { ...custom, rendering_speed: "TURBO" }, "ideogram").usd).toBe(0.06);
    expect(estimate("v3.generate", custom, "ideogram").usd).toBe(0.12);
    expect(estimate("v3.generate", { ...custom, rendering_speed: "QUALITY" }, "ideogram").usd).toBe(0.18);
    // AiHubMix publishes no custom-model price.
    const aihubmix = estimate("v3.generate", custom, "aihubmix");
    expect(aihubmix.usd).toBeUndefined();
    expect(aihubmix.reason).toEqual(expect.any(String));
  });

  it("the images are still counted when the price is not", () => {
    const result = estimate("legacy.generate", { image_request: { prompt: PROMPT, model: "AUTO", num_images: 3 } });
    expect(result.images).toBe(3);
    expect(result.usd).toBeUndefined();
  });
});

// ---------- estimateCost ----------

describe("estimateCost", () => {
  it("multiplies the unit price by num_images, exact to the cent's fraction", () => {
    const result = estimate("legacy.generate", { image_request: { prompt: PROMPT, model: "V_2A_TURBO", num_images: 3 } });
    expect(3 * 0.025).not.toBe(0.075); // what a naive product would give
    expect(result).toMatchObject({ usd: 0.075, images: 3, unitUSD: 0.025, key: "legacy/V_2A_TURBO" });
    expect(estimate("v3.generate", { prompt: PROMPT, num_images: 4 })).toMatchObject({ usd: 0.24, images: 4, unitUSD: 0.06 });
    expect(estimate("v3.generate", { prompt: PROMPT, rendering_speed: "QUALITY", num_images: 8 })).toMatchObject({ usd: 0.72, images: 8 });
    expect(estimate("v3.generate", { prompt: PROMPT, rendering_speed: "TURBO", num_images: 7 }, "ideogram").usd).toBe(0.21);
    expect(estimate("v3.generate", { prompt: PROMPT, num_images: 3, character_reference_images: png }, "ideogram").usd).toBe(0.45);
  });

  it.each(tables)("%s: every published unit price times 1 to 8 images is the exact decimal", (provider, table) => {
    for (const row of table.rows) {
      if (row.usd === undefined || row.per !== "output image") continue;
      const { endpoint, params } = callUnder(row.key);
      for (let n = 1; n <= 8; n++) {
        const withImages = endpoint === "legacy.generate"
          ? { image_request: { ...(params.image_request as object), num_images: n } }
          : { ...params, num_images: n };
        const result = estimate(endpoint, withImages, provider);
        expect(result.images, `${row.key} × ${n}`).toBe(n);
        expect(result.usd, `${row.key} × ${n}`).toBe(Number((row.usd * n).toFixed(4)));
      }
    }
  });

  it("applies the API's defaults: rendering_speed DEFAULT, model V_2, one image", () => {
    expect(estimate("v3.generate", { prompt: PROMPT })).toMatchObject({ key: "v3/DEFAULT", usd: 0.06, images: 1, unitUSD: 0.06 });
    expect(estimate("legacy.generate", { image_request: { prompt: PROMPT } })).toMatchObject({ key: "legacy/V_2", usd: 0.08, images: 1 });
    expect(estimate("legacy.remix", { image_request: { prompt: PROMPT } })).toMatchObject({ key: "legacy/V_2", usd: 0.08, images: 1 });
    expect(estimate("legacy.upscale", {})).toMatchObject({ key: "legacy.upscale", usd: 0.06, images: 1 });
  });

  it("prices legacy.edit by its model", () => {
    expect(estimate("legacy.edit", { prompt: PROMPT, model: "V_2_TURBO" })).toMatchObject({ key: "legacy.edit/V_2_TURBO", usd: 0.05 });
    expect(estimate("legacy.edit", { prompt: PROMPT, model: "V_2" })).toMatchObject({ key: "legacy.edit/V_2", usd: 0.08 });
    expect(estimate("legacy.edit", { prompt: PROMPT, model: "V_2_TURBO", num_images: 3 })).toMatchObject({ usd: 0.15, images: 3 });
  });

  it.each(["FLASH", "TURBO", "DEFAULT", "QUALITY", undefined])("prices all five v3 endpoints alike (speed %s)", (speed) => {
    for (const provider of ["aihubmix", "ideogram"] as const) {
      const extra = { ...(speed ? { rendering_speed: speed } : {}), num_images: 2 };
      const reference = estimate("v3.generate", v3Params("v3.generate", extra), provider);
      expect(reference.key).toBe(`v3/${speed ?? "DEFAULT"}`);
      for (const endpoint of v3Endpoints) {
        const result = estimate(endpoint, v3Params(endpoint, extra), provider);
        expect({ ...result, reason: undefined }, `${provider} ${endpoint}`).toEqual({ ...reference, reason: undefined });
        expect(result.reason).toBe(reference.reason);
      }
    }
  });

  it("reads num_images of legacy endpoints from image_request", () => {
    expect(estimate("legacy.generate", { image_request: { prompt: PROMPT, model: "V_1", num_images: 4 } })).toMatchObject({ usd: 0.24, images: 4 });
    expect(estimate("legacy.remix", { image_request: { prompt: PROMPT, num_images: 2 } })).toMatchObject({ usd: 0.16, images: 2 });
    expect(estimate("legacy.generate", { image_request: { prompt: PROMPT, model: "V_1_TURBO", num_images: 5 } }).usd).toBe(0.1);
  });

  it("describe returns no images and costs one input", () => {
    expect(estimate("legacy.describe", {})).toMatchObject({ images: 0, usd: undefined, key: "legacy.describe", per: "input" });
    expect(estimate("legacy.describe", { describe_model_version: "V_3" }, "ideogram")).toMatchObject({ images: 0, usd: 0.01, unitUSD: 0.01 });
  });

  it("uses the provider option, AiHubMix by default", () => {
    const params = { prompt: PROMPT, rendering_speed: "FLASH" };
    expect(estimate("v3.generate", params)).toMatchObject({ provider: "aihubmix", usd: undefined });
    expect(estimate("v3.generate", params, "aihubmix")).toMatchObject({ provider: "aihubmix", usd: undefined });
    expect(estimate("v3.generate", params, "ideogram")).toMatchObject({ provider: "ideogram", usd: 0.03, unitUSD: 0.03 });
    expect(estimateCost("v3.generate", { prompt: PROMPT }, { provider: "ideogram" }).provider).toBe("ideogram");
  });

  it("client.estimateCost uses the client's provider and neither sends nor reserves anything", async () => {
    const s = await server();
    const ideogram = client(s.baseURL, { provider: "ideogram", budgetUSD: 1 });
    const aihubmix = client(s.baseURL, { budgetUSD: 1 });
    expect(ideogram.estimateCost("v3.generate", { prompt: PROMPT, rendering_speed: "FLASH" })).toMatchObject({ provider: "ideogram", usd: 0.03 });
    expect(aihubmix.estimateCost("v3.generate", { prompt: PROMPT, rendering_speed: "FLASH" })).toMatchObject({ provider: "aihubmix", usd: undefined });
    expect(ideogram.estimateCost("legacy.describe", {})).toMatchObject({ usd: 0.01, images: 0 });
    expect(aihubmix.estimateCost("legacy.upscale", {})).toMatchObject({ usd: 0.06 });
    expect(ideogram.committedUSD).toBe(0);
    expect(ideogram.usage).toEqual({ requests: 0, images: 0, usd: 0 });
    expect(s.requests).toHaveLength(0);
  });

  it("prices params without their files", () => {
    expect(estimateCost("v3.remix", { prompt: PROMPT, rendering_speed: "TURBO" }).usd).toBe(0.03);
    expect(estimateCost("v3.edit", { prompt: PROMPT, num_images: 2 }).usd).toBe(0.12);
    expect(estimateCost("v3.replaceBackground", { prompt: PROMPT }).usd).toBe(0.06);
    expect(estimateCost("v3.reframe", { resolution: "1024x1024", rendering_speed: "QUALITY" }).usd).toBe(0.09);
    expect(estimateCost("legacy.remix", { image_request: { prompt: PROMPT, model: "V_2A" } }).usd).toBe(0.04);
    expect(estimateCost("legacy.edit", { prompt: PROMPT, model: "V_2_TURBO" }).usd).toBe(0.05);
    expect(estimateCost("legacy.upscale", {}).usd).toBe(0.06);
    expect(estimateCost("legacy.describe", {}, { provider: "ideogram" }).usd).toBe(0.01);
  });

  it("prices params with their files just the same", () => {
    expect(estimateCost("v3.remix", { prompt: PROMPT, image: png }).usd).toBe(0.06);
    expect(estimateCost("legacy.edit", { prompt: PROMPT, model: "V_2", image_file: png, mask }).usd).toBe(0.08);
  });
});

// ---------- invalid params ----------

type Invalid = [label: string, endpoint: EndpointName, params: Record<string, unknown>];

const invalidCases: Invalid[] = [
  ["v3.generate num_images 9", "v3.generate", { prompt: PROMPT, num_images: 9 }],
  ["v3.generate a wrong speed", "v3.generate", { prompt: PROMPT, rendering_speed: "FAST" }],
  ["v3.generate no prompt", "v3.generate", {}],
  ["v3.generate an unknown field", "v3.generate", { prompt: PROMPT, colour: "red" }],
  ["v3.remix image_weight 0", "v3.remix", { prompt: PROMPT, image_weight: 0 }],
  ["v3.reframe no resolution", "v3.reframe", {}],
  ["legacy.generate an unknown model", "legacy.generate", { image_request: { prompt: PROMPT, model: "V_3" } }],
  ["legacy.generate negative_prompt with V_2A", "legacy.generate", { image_request: { prompt: PROMPT, model: "V_2A", negative_prompt: "fog" } }],
  ["legacy.generate num_images 0", "legacy.generate", { image_request: { prompt: PROMPT, num_images: 0 } }],
  ["legacy.edit model V_1", "legacy.edit", { prompt: PROMPT, model: "V_1" }],
  ["legacy.edit no model", "legacy.edit", { prompt: PROMPT }],
  ["legacy.upscale num_images 1.5", "legacy.upscale", { image_request: { num_images: 1.5 } }],
  ["legacy.describe a wrong version", "legacy.describe", { describe_model_version: "V_9" }],
];

describe("invalid params", () => {
  it.each(invalidCases)("%s: the same ValidationError as a call, and nothing sent", async (_label, endpoint, params) => {
    let estimated: unknown;
    try {
      estimate(endpoint, params);
    } catch (error) {
      estimated = error;
    }
    expect(estimated).toBeInstanceOf(ValidationError);
    const s = await server();
    const called = await rejection(call(client(s.baseURL), endpoint, params));
    expect(called).toBeInstanceOf(ValidationError);
    expect((estimated as ValidationError).message).toBe((called as ValidationError).message);
    expect((estimated as ValidationError).issues).toEqual((called as ValidationError).issues);
    expect((estimated as ValidationError).endpoint).toBe(endpoint);
    expect(s.requests).toHaveLength(0);
  });

  it("client.estimateCost throws it too", () => {
    const c = new Ideogram({ apiKey: KEY, logLevel: "off" });
    expect(() => c.estimateCost("v3.generate", { prompt: PROMPT, num_images: 0 })).toThrow(ValidationError);
    expect(() => c.estimateCost("v3.generate", { prompt: PROMPT, num_images: 0 })).toThrow(/num_images/);
  });

  it("an unknown endpoint is a ValidationError that lists the endpoints", () => {
    expect(() => estimate("v3.nope" as EndpointName, {})).toThrow(ValidationError);
    expect(() => estimate("v3.nope" as EndpointName, {})).toThrow(/v3\.generate/);
  });
});

// ---------- the budget ----------

describe("budgetUSD", () => {
  it("lets a call within the budget through", async () => {
    const s = await server();
    const c = client(s.baseURL, { budgetUSD: 0.1 });
    await c.v3.generate({ prompt: PROMPT });
    expect(s.requests).toHaveLength(1);
    expect(c.committedUSD).toBe(0.06);
  });

  it("refuses a call that would pass the budget before sending anything", async () => {
    const s = await server();
    const c = client(s.baseURL, { budgetUSD: 0.05 });
    const error = await rejection(c.v3.generate({ prompt: PROMPT }));
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect(error).toMatchObject({ budgetUSD: 0.05, estimateUSD: 0.06, committedUSD: 0 });
    expect((error as Error).message).toMatch(/Nothing was sent/);
    expect(s.requests).toHaveLength(0);
    expect(c.committedUSD).toBe(0);
  });

  it("counts what was spent: the call after the budget is refused, with what was committed", async () => {
    const s = await server();
    const c = client(s.baseURL, { budgetUSD: 0.1 });
    await c.v3.generate({ prompt: PROMPT });
    const error = await rejection(c.v3.generate({ prompt: PROMPT }));
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect(error).toMatchObject({ budgetUSD: 0.1, estimateUSD: 0.06, committedUSD: 0.06 });
    expect(s.requests).toHaveLength(1);
    // A cheaper call still fits.
    await c.v3.generate({ prompt: PROMPT, rendering_speed: "TURBO" });
    expect(s.requests).toHaveLength(2);
    expect(c.committedUSD).toBe(0.09);
  });

  it("prices the whole call: num_images counts against the budget", async () => {
    const s = await server();
    const c = client(s.baseURL, { budgetUSD: 0.2 });
    const error = await rejection(c.v3.generate({ prompt: PROMPT, num_images: 4 }));
    expect(error).toMatchObject({ estimateUSD: 0.24 });
    expect(s.requests).toHaveLength(0);
  });

  it("allows reaching the budget exactly", async () => {
    const s = await server();
    const c = client(s.baseURL, { budgetUSD: 0.12 });
    await c.v3.generate({ prompt: PROMPT });
    await c.v3.generate({ prompt: PROMPT });
    expect(s.requests).toHaveLength(2);
    expect(c.committedUSD).toBe(0.12);
    expect(await rejection(c.v3.generate({ prompt: PROMPT, rendering_speed: "TURBO" }))).toBeInstanceOf(BudgetExceededError);
    expect(s.requests).toHaveLength(2);
  });

  it("reaches it exactly despite floating point (3 × $0.025 within $0.075)", async () => {
    const s = await server();
    const c = client(s.baseURL, { budgetUSD: 0.075 });
    for (let i = 0; i < 3; i++) await c.legacy.generate({ image_request: { prompt: PROMPT, model: "V_2A_TURBO" } });
    expect(s.requests).toHaveLength(3);
    expect(c.committedUSD).toBe(0.075);
  });

  it("refuses a call whose price is not published, saying so", async () => {
    const s = await server();
    const c = client(s.baseURL, { budgetUSD: 100 });
    const error = await rejection(c.v3.generate({ prompt: PROMPT, rendering_speed: "FLASH" }));
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect((error as Error).message).toMatch(/not published/);
    expect((error as Error).message).toMatch(/FLASH/);
    expect(error).toMatchObject({ budgetUSD: 100, estimateUSD: undefined, committedUSD: 0 });
    const describeError = await rejection(c.legacy.describe({ image_file: png }));
    expect(describeError).toBeInstanceOf(BudgetExceededError);
    expect((describeError as Error).message).toMatch(/not published/);
    expect(s.requests).toHaveLength(0);
  });

  it("without a budget, a call whose price is not published goes through", async () => {
    const s = await server();
    const c = client(s.baseURL);
    await c.v3.generate({ prompt: PROMPT, rendering_speed: "FLASH" });
    expect(s.requests).toHaveLength(1);
  });

  it("prices by the client's provider", async () => {
    const s = await server();
    const c = client(s.baseURL, { provider: "ideogram", budgetUSD: 0.03 });
    await c.v3.generate({ prompt: PROMPT, rendering_speed: "FLASH" });
    expect(s.requests).toHaveLength(1);
    expect(c.committedUSD).toBe(0.03);
  });

  it("lets exactly as many concurrent calls through as the budget pays for", async () => {
    const held: Array<() => void> = [];
    const s = await server((_request, res) => new Promise<void>((resolve) => {
      held.push(() => {
        json(res, 200, IMAGE_RESPONSE);
        resolve();
      });
    }));
    const c = client(s.baseURL, { budgetUSD: 0.3 });
    const calls = Array.from({ length: 10 }, () => c.v3.generate({ prompt: PROMPT }));
    const settled = Promise.allSettled(calls);
    await until(() => s.requests.length >= 5, "5 requests");
    await pause(100);
    expect(s.requests).toHaveLength(5);
    expect(c.committedUSD).toBe(0.3);
    held.forEach((release) => release());
    const results = await settled;
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refused).toHaveLength(5);
    for (const r of refused) expect(r.reason).toBeInstanceOf(BudgetExceededError);
    expect(s.requests).toHaveLength(5);
    expect(c.committedUSD).toBe(0.3);
    expect(c.usage).toEqual({ requests: 5, images: 5, usd: 0.3 });
  });

  describe("releases the reservation of a call that failed before it could be charged", () => {
    it.each([400, 401, 422, 429])("%s", async (status) => {
      let first = true;
      const s = await server((request, res) => {
        if (first) {
          first = false;
          return answer(status)(request, res, undefined as never);
        }
        json(res, 200, IMAGE_RESPONSE);
      });
      const c = client(s.baseURL, { budgetUSD: 0.06, maxRetries: 0 });
      const error = await rejection(c.v3.generate({ prompt: PROMPT }));
      expect(error).toBeInstanceOf(APIError);
      expect((error as APIError).status).toBe(status);
      expect(c.committedUSD).toBe(0);
      await c.v3.generate({ prompt: PROMPT }); // fits again
      expect(s.requests).toHaveLength(2);
      expect(c.committedUSD).toBe(0.06);
    });

    it("connection refused", async () => {
      const s = await server();
      const closed = `http://127.0.0.1:${await closedPort()}`;
      let attempts = 0;
      const c = client(s.baseURL, {
        budgetUSD: 0.06,
        maxRetries: 0,
        fetch: (input: string, init: RequestInit) => globalThis.fetch(attempts++ === 0 ? input.replace(s.baseURL, closed) : input, init),
      });
      const error = await rejection(c.v3.generate({ prompt: PROMPT }));
      expect(error).toBeInstanceOf(APIConnectionError);
      expect((error as APIConnectionError).beforeRequestSent).toBe(true);
      expect(c.committedUSD).toBe(0);
      await c.v3.generate({ prompt: PROMPT });
      expect(s.requests).toHaveLength(1);
      expect(c.committedUSD).toBe(0.06);
    });

    it("a call aborted while it waited for a free slot (never sent)", async () => {
      const held: Array<() => void> = [];
      const s = await server((_request, res) => new Promise<void>((resolve) => {
        held.push(() => {
          json(res, 200, IMAGE_RESPONSE);
          resolve();
        });
      }));
      const c = client(s.baseURL, { budgetUSD: 0.12, maxConcurrency: 1 });
      const first = c.v3.generate({ prompt: PROMPT });
      await until(() => s.requests.length === 1, "the first request");
      const controller = new AbortController();
      const waiting = rejection(c.v3.generate({ prompt: PROMPT }, { signal: controller.signal }));
      await pause(20);
      expect(c.committedUSD).toBe(0.12);
      controller.abort();
      expect(await waiting).toBeInstanceOf(APIUserAbortError);
      held.forEach((release) => release());
      await first;
      expect(s.requests).toHaveLength(1);
      expect(c.committedUSD).toBe(0.06); // the aborted call never reached the server
    });
  });

  describe("keeps the reservation of a call that may have been charged", () => {
    const cases: Array<[string, Handler, ClientOptions, (error: unknown) => void]> = [
      ["500", answer(500), {}, (error) => expect((error as APIError).status).toBe(500)],
      ["a timeout", () => new Promise<void>(() => {}), { timeout: 300 }, (error) => expect(error).toBeInstanceOf(APITimeoutError)],
      [
        "a socket destroyed after the request",
        (_request, _res, raw) => void raw.socket.destroy(),
        {},
        (error) => {
          expect(error).toBeInstanceOf(APIConnectionError);
          expect((error as APIConnectionError).beforeRequestSent).toBe(false);
        },
      ],
    ];
    it.each(cases)("%s", async (_label, handler, options, checkError) => {
      const s = await server(handler);
      const c = client(s.baseURL, { budgetUSD: 0.1, maxRetries: 0, ...options });
      const error = await rejection(c.v3.generate({ prompt: PROMPT }));
      checkError(error);
      expect(c.committedUSD).toBe(0.06);
      s.handle((_request, res) => json(res, 200, IMAGE_RESPONSE));
      const second = await rejection(c.v3.generate({ prompt: PROMPT }));
      expect(second).toBeInstanceOf(BudgetExceededError);
      expect(second).toMatchObject({ committedUSD: 0.06, estimateUSD: 0.06 });
      expect(s.requests).toHaveLength(1);
    });
  });

  describe('a retry that may buy twice (retryPolicy "all")', () => {
    function failOnceThenAnswer(status = 500): Handler {
      let first = true;
      return (request, res) => {
        if (first) {
          first = false;
          return answer(status)(request, res, undefined as never);
        }
        json(res, 200, IMAGE_RESPONSE);
      };
    }

    it("counts the estimate twice after a 500 then a 200", async () => {
      const s = await server(failOnceThenAnswer());
      const c = client(s.baseURL, { budgetUSD: 0.12, retryPolicy: "all" });
      await c.v3.generate({ prompt: PROMPT });
      expect(s.requests).toHaveLength(2);
      expect(c.committedUSD).toBe(0.12);
      expect(await rejection(c.v3.generate({ prompt: PROMPT, rendering_speed: "TURBO" }))).toBeInstanceOf(BudgetExceededError);
      expect(s.requests).toHaveLength(2);
      expect(c.usage).toEqual({ requests: 1, images: 1, usd: 0.06 });
    });

    it("counts it twice without a budget too", async () => {
      const s = await server(failOnceThenAnswer());
      const c = client(s.baseURL, { retryPolicy: "all" });
      await c.v3.generate({ prompt: PROMPT, num_images: 2 });
      expect(c.committedUSD).toBe(0.24);
    });

    it("a safe retry (429) does not count twice", async () => {
      const s = await server(failOnceThenAnswer(429));
      const c = client(s.baseURL, { budgetUSD: 0.06, retryPolicy: "all" });
      await c.v3.generate({ prompt: PROMPT });
      expect(s.requests).toHaveLength(2);
      expect(c.committedUSD).toBe(0.06);
    });

    it("a 500 then a 400: the first attempt may have been charged and stays spent, the second is released", async () => {
      let first = true;
      const s = await server((request, res) => {
        const status = first ? 500 : 400;
        first = false;
        return answer(status)(request, res, undefined as never);
      });
      const c = client(s.baseURL, { budgetUSD: 0.12, retryPolicy: "all", maxRetries: 1 });
      const error = await rejection(c.v3.generate({ prompt: PROMPT }));
      expect((error as APIError).status).toBe(400);
      expect(s.requests).toHaveLength(2);
      expect(c.committedUSD).toBe(0.06);
    });

    it("refuses the retry when the second purchase would pass the budget, keeping the first as spent", async () => {
      const s = await server(answer(500));
      const c = client(s.baseURL, { budgetUSD: 0.1, retryPolicy: "all" });
      const error = await rejection(c.v3.generate({ prompt: PROMPT }));
      expect(error).toBeInstanceOf(BudgetExceededError);
      expect(error).toMatchObject({ budgetUSD: 0.1, estimateUSD: 0.06, committedUSD: 0.06 });
      expect(s.requests).toHaveLength(1); // the retry was not sent
      // The first attempt got a 500: it may have been charged, so it stays spent.
      expect(c.committedUSD).toBe(0.06);
      s.handle((_request, res) => json(res, 200, IMAGE_RESPONSE));
      expect(await rejection(c.v3.generate({ prompt: PROMPT }))).toBeInstanceOf(BudgetExceededError);
      expect(s.requests).toHaveLength(1);
    });
  });
});

// ---------- usage ----------

const THREE_IMAGES = {
  created: IMAGE_RESPONSE.created,
  data: [
    IMAGE_RESPONSE.data[0],
    { ...IMAGE_RESPONSE.data[0], seed: 2 },
    { ...IMAGE_RESPONSE.data[0], seed: 3, is_image_safe: false, url: null },
  ],
};

describe("usage", () => {
  const threeImages: Handler = (request, res) =>
    json(res, 200, request.url.endsWith("/describe") ? DESCRIBE_RESPONSE : THREE_IMAGES);

  it("starts at zero", () => {
    expect(new Ideogram({ apiKey: KEY, logLevel: "off" }).usage).toEqual({ requests: 0, images: 0, usd: 0 });
  });

  it("counts successful requests and the images returned, withheld ones included", async () => {
    const s = await server(threeImages);
    const c = client(s.baseURL);
    const result = await c.v3.generate({ prompt: PROMPT, num_images: 3, rendering_speed: "QUALITY" });
    expect(result.data).toHaveLength(3);
    expect(c.usage).toEqual({ requests: 1, images: 3, usd: 0.27 });
    await c.legacy.generate({ image_request: { prompt: PROMPT, model: "V_2A_TURBO", num_images: 3 } });
    expect(c.usage).toEqual({ requests: 2, images: 6, usd: 0.345 }); // 0.27 + 3 × 0.025, exact
  });

  it("prices the images actually returned", async () => {
    const s = await server(threeImages);
    const c = client(s.baseURL);
    await c.v3.generate({ prompt: PROMPT, num_images: 4 }); // 4 asked, 3 returned
    expect(c.usage).toEqual({ requests: 1, images: 3, usd: 0.18 });
  });

  it("counts upscale per input", async () => {
    const s = await server(threeImages);
    const c = client(s.baseURL);
    await c.legacy.upscale({ image_file: png });
    expect(c.usage).toEqual({ requests: 1, images: 3, usd: 0.06 });
  });

  it("does not count failed calls", async () => {
    const s = await server(answer(500));
    const c = client(s.baseURL, { maxRetries: 0, budgetUSD: 0.1 });
    await rejection(c.v3.generate({ prompt: PROMPT }));
    s.handle(answer(400));
    await rejection(c.v3.generate({ prompt: PROMPT, rendering_speed: "TURBO" }));
    await rejection(c.v3.generate({ prompt: PROMPT, num_images: 9 })); // invalid
    await rejection(c.v3.generate({ prompt: PROMPT, rendering_speed: "QUALITY" })); // over the budget
    expect(c.usage).toEqual({ requests: 0, images: 0, usd: 0 });
    s.handle(threeImages);
    await c.v3.generate({ prompt: PROMPT, rendering_speed: "TURBO" });
    expect(c.usage).toEqual({ requests: 1, images: 3, usd: 0.09 });
  });

  it("resetUsage zeroes it, and the budget keeps what was spent", async () => {
    const s = await server();
    const c = client(s.baseURL, { budgetUSD: 0.12 });
    await c.v3.generate({ prompt: PROMPT });
    expect(c.usage).toEqual({ requests: 1, images: 1, usd: 0.06 });
    c.resetUsage();
    expect(c.usage).toEqual({ requests: 0, images: 0, usd: 0 });
    expect(c.committedUSD).toBe(0.06);
    await c.v3.generate({ prompt: PROMPT });
    expect(c.usage).toEqual({ requests: 1, images: 1, usd: 0.06 });
    expect(await rejection(c.v3.generate({ prompt: PROMPT }))).toBeInstanceOf(BudgetExceededError);
  });

  it("is a copy: changing it changes nothing", async () => {
    const s = await server();
    const c = client(s.baseURL);
    await c.v3.generate({ prompt: PROMPT });
    const usage = c.usage;
    usage.requests = 99;
    usage.usd = 99;
    expect(c.usage).toEqual({ requests: 1, images: 1, usd: 0.06 });
  });

  it("describe: the request, 0 images, $0 on AiHubMix (not published)", async () => {
    const s = await server();
    const c = client(s.baseURL);
    const result = await c.legacy.describe({ image_file: png });
    expect(result.descriptions).toHaveLength(2);
    expect(c.usage).toEqual({ requests: 1, images: 0, usd: 0 });
  });

  it('describe: $0.01 on provider "ideogram"', async () => {
    const s = await server();
    const c = client(s.baseURL, { provider: "ideogram" });
    await c.legacy.describe({ image_file: png });
    await c.legacy.describe({ image_file: png });
    expect(c.usage).toEqual({ requests: 2, images: 0, usd: 0.02 });
  });

  it("character references are priced as such on Ideogram", async () => {
    const s = await server(threeImages);
    const c = client(s.baseURL, { provider: "ideogram" });
    await c.v3.generate({ prompt: PROMPT, num_images: 3, character_reference_images: png });
    expect(c.usage).toEqual({ requests: 1, images: 3, usd: 0.45 });
  });

  it("counts a call of an unpublished price as a request with its images and no dollars", async () => {
    const s = await server(threeImages);
    const c = client(s.baseURL);
    await c.v3.generate({ prompt: PROMPT, rendering_speed: "FLASH", num_images: 3 });
    expect(c.usage).toEqual({ requests: 1, images: 3, usd: 0 });
  });

  it("counts no dollars for an upscale with num_images 2 (its price is not published)", async () => {
    const s = await server(threeImages);
    const c = client(s.baseURL);
    await c.legacy.upscale({ image_file: png, image_request: { num_images: 2 } });
    expect(c.usage).toEqual({ requests: 1, images: 3, usd: 0 });
  });
});
