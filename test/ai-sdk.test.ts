/**
 * `ideogram-sdk/ai-sdk` under the AI SDK's own `generateImage` (ai 6), against the mock server (which
 * validates every request like the API) and the capture server (which records the bytes and answers as told).
 */
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { APICallError, NoSuchModelError as AISDKNoSuchModelError, generateImage } from "ai";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { APIUserAbortError, BudgetExceededError, Ideogram, ValidationError } from "ideogram-sdk";
import { ImagesWithheldError, createIdeogram, type IdeogramImageModelId } from "ideogram-sdk/ai-sdk";
import { createMockServer, type MockServer } from "ideogram-sdk/testing";
import { json, startCaptureServer, type CaptureServer, type CapturedRequest, type Handler } from "./helpers/capture-server";
import { pngBytes } from "./helpers/images";

const KEY = "sk-ai-sdk-test-key";
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47];

let mock: MockServer;
let capture: CaptureServer;

beforeAll(async () => {
  [mock, capture] = await Promise.all([createMockServer({ apiKey: KEY }), startCaptureServer()]);
  // The warnings are asserted on the results; the AI SDK need not print them too.
  (globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;
});
afterAll(async () => {
  await Promise.all([mock.close(), capture.close()]);
});
afterEach(() => {
  mock.requests.length = 0;
  capture.requests.length = 0;
  capture.handle(answer([true]));
  vi.unstubAllEnvs();
});

const image = pngBytes(8, 8, [200, 40, 40]);
/** A mask of the image's size, all black: edit everywhere. */
const maskBytes = pngBytes(8, 8, [0, 0, 0]);

/** The capture server answers every API call with one item per entry (withheld where false) and serves the PNGs. */
function answer(safety: boolean[], headers: Record<string, string> = {}): Handler {
  return (request, res) => {
    if (request.method === "GET") {
      res.writeHead(200, { "content-type": "image/png" });
      return void res.end(pngBytes(16, 16, [0, 100, 200]));
    }
    json(
      res,
      200,
      {
        created: "2000-01-23T04:56:07Z",
        data: safety.map((safe, index) => ({
          url: safe ? `${capture.baseURL}/img/${index}.png?sig=secret` : null,
          prompt: `a lighthouse, magic ${index}`,
          resolution: "1024x1024",
          is_image_safe: safe,
          seed: 100 + index,
          style_type: "GENERAL",
        })),
      },
      headers,
    );
  };
}

const posts = (): CapturedRequest[] => capture.requests.filter((request) => request.method === "POST");
const viaMock = () => createIdeogram({ apiKey: KEY, baseURL: mock.baseURL });
const viaCapture = (options: Parameters<typeof createIdeogram>[0] = {}) => createIdeogram({ apiKey: KEY, baseURL: capture.baseURL, ...options });
const isPNG = (bytes: Uint8Array) => PNG_SIGNATURE.every((byte, index) => bytes[index] === byte);

describe("generate", () => {
  it("V_3: prompt, aspectRatio, seed, n and providerOptions reach the wire under the API's names", async () => {
    const { images, providerMetadata, warnings } = await generateImage({
      model: viaMock().image("V_3"),
      prompt: "a lighthouse at dusk",
      aspectRatio: "16:9",
      seed: 7,
      n: 2,
      providerOptions: { ideogram: { rendering_speed: "QUALITY", style_type: "DESIGN" } },
    });
    expect(mock.requests).toHaveLength(1);
    expect(mock.requests[0]!.endpoint).toBe("v3.generate");
    expect(mock.requests[0]!.params).toEqual({
      prompt: "a lighthouse at dusk", aspect_ratio: "16x9", seed: 7, num_images: 2, rendering_speed: "QUALITY", style_type: "DESIGN",
    });
    expect(images).toHaveLength(2);
    for (const generated of images) {
      expect(generated.uint8Array).toBeInstanceOf(Uint8Array);
      expect(isPNG(generated.uint8Array)).toBe(true);
      expect(generated.mediaType).toBe("image/png");
    }
    expect(warnings).toEqual([]);
    expect(providerMetadata.ideogram!.images).toEqual([
      { seed: 7, resolution: "1312x736", prompt: "a lighthouse at dusk", style_type: "DESIGN", is_image_safe: true },
      { seed: 8, resolution: "1312x736", prompt: "a lighthouse at dusk", style_type: "DESIGN", is_image_safe: true },
    ]);
  });

  it("V_3: size becomes the resolution", async () => {
    await generateImage({ model: viaMock().image("V_3"), prompt: "p", size: "1024x1024" });
    expect(mock.requests[0]!.params).toEqual({ prompt: "p", resolution: "1024x1024", num_images: 1 });
  });

  it("a legacy model: the settings go into image_request, with the model, in the legacy values", async () => {
    const provider = viaMock();
    await generateImage({
      model: provider.image("V_2"), prompt: "p", aspectRatio: "16:9", seed: 3, providerOptions: { ideogram: { magic_prompt_option: "OFF" } },
    });
    await generateImage({ model: provider.image("V_2_TURBO"), prompt: "q", size: "1024x1024" });
    expect(mock.requests.map((request) => [request.endpoint, request.params])).toEqual([
      ["legacy.generate", { image_request: { prompt: "p", model: "V_2", aspect_ratio: "ASPECT_16_9", seed: 3, num_images: 1, magic_prompt_option: "OFF" } }],
      ["legacy.generate", { image_request: { prompt: "q", model: "V_2_TURBO", resolution: "RESOLUTION_1024_1024", num_images: 1 } }],
    ]);
  });

  it("an n above 8 is split by the AI SDK into calls of at most 8 images", async () => {
    const provider = viaMock();
    const { images, providerMetadata } = await generateImage({ model: provider.image("V_3"), prompt: "p", n: 11 });
    expect(mock.requests.map((request) => request.params.num_images).sort()).toEqual([3, 8]);
    expect(images).toHaveLength(11);
    expect(providerMetadata.ideogram!.images).toHaveLength(11);
    expect(provider.client.usage).toMatchObject({ requests: 2, images: 11 });
  });
});

describe("remix and edit", () => {
  it("V_3: an image makes a remix, an image and a mask an edit", async () => {
    const model = viaMock().image("V_3");
    await generateImage({ model, prompt: { text: "remix it", images: [image] }, aspectRatio: "1:1" });
    await generateImage({ model, prompt: { text: "edit it", images: [image], mask: maskBytes }, n: 2 });
    const [remix, edit] = mock.requests;
    expect(remix!.endpoint).toBe("v3.remix");
    expect(remix!.params).toMatchObject({ prompt: "remix it", aspect_ratio: "1x1", num_images: 1 });
    expect(new Uint8Array(await (remix!.params.image as File).arrayBuffer())).toEqual(image);
    expect(edit!.endpoint).toBe("v3.edit");
    expect(edit!.params).toMatchObject({ prompt: "edit it", num_images: 2 });
    expect(new Uint8Array(await (edit!.params.mask as File).arrayBuffer())).toEqual(maskBytes);
  });

  it("a legacy model: remix sends image_request beside image_file; V_2 and V_2_TURBO edit with flat fields", async () => {
    const provider = viaMock();
    await generateImage({ model: provider.image("V_2A"), prompt: { text: "remix", images: [image] }, providerOptions: { ideogram: { image_weight: 70 } } });
    await generateImage({ model: provider.image("V_2_TURBO"), prompt: { text: "edit", images: [image], mask: maskBytes }, seed: 5 });
    const [remix, edit] = mock.requests;
    expect(remix!.endpoint).toBe("legacy.remix");
    expect(remix!.params.image_request).toEqual({ prompt: "remix", model: "V_2A", num_images: 1, image_weight: 70 });
    expect(remix!.params.image_file).toBeInstanceOf(File);
    expect(edit!.endpoint).toBe("legacy.edit");
    expect(edit!.params).toMatchObject({ prompt: "edit", model: "V_2_TURBO", seed: 5, num_images: 1 });
    expect(edit!.params.mask).toBeInstanceOf(File);
  });

  it.each(["V_1", "V_1_TURBO", "V_2A", "AUTO"] as const)("a legacy edit with %s is refused before sending: /edit takes V_2 and V_2_TURBO", async (modelId) => {
    const error = await generateImage({ model: viaMock().image(modelId), prompt: { text: "edit", images: [image], mask: maskBytes } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain(`${modelId} cannot edit with a mask`);
    expect((error as Error).message).toContain("V_2 or V_2_TURBO");
    expect(mock.requests).toHaveLength(0);
  });

  it("an image given as a URL is downloaded and sent", async () => {
    await generateImage({ model: viaCapture().image("V_3"), prompt: { text: "remix", images: [`${capture.baseURL}/img/source.png`] } });
    const [download, call] = capture.requests;
    expect(download).toMatchObject({ method: "GET", url: "/img/source.png" });
    expect(download!.headers).not.toHaveProperty("api-key");
    const sent = call!.parts().find((part) => part.name === "image")!;
    expect(new Uint8Array(sent.data)).toEqual(pngBytes(16, 16, [0, 100, 200]));
  });

  it("an edit needs an image beside the mask, and takes one image", async () => {
    const model = viaCapture().image("V_3");
    await expect(generateImage({ model, prompt: { text: "edit", images: [], mask: maskBytes } })).rejects.toThrow(/mask: needs the image to edit/);
    await expect(generateImage({ model, prompt: { text: "remix", images: [image, image] } })).rejects.toThrow(/one input image/);
    expect(posts()).toHaveLength(0);
  });

  it("a setting the endpoint does not have is left out with an 'unsupported' warning", async () => {
    const { warnings } = await generateImage({ model: viaMock().image("V_2"), prompt: { text: "edit", images: [image], mask: maskBytes }, aspectRatio: "16:9" });
    expect(warnings).toEqual([{ type: "unsupported", feature: "aspectRatio", details: expect.stringContaining("legacy.edit") }]);
    expect(mock.requests[0]!.params).not.toHaveProperty("aspect_ratio");
  });
});

describe("the wire equals the direct client call's (modulo the boundary)", () => {
  const cases: [label: string, modelId: IdeogramImageModelId, ai: Omit<Parameters<typeof generateImage>[0], "model">, direct: (client: Ideogram) => Promise<unknown>][] = [
    [
      "v3 generate", "V_3",
      { prompt: "p", aspectRatio: "16:9", seed: 7, n: 2, providerOptions: { ideogram: { rendering_speed: "QUALITY", negative_prompt: "fog" } } },
      (client) => client.v3.generate({ prompt: "p", aspect_ratio: "16x9", seed: 7, num_images: 2, rendering_speed: "QUALITY", negative_prompt: "fog" }),
    ],
    [
      "v3 remix", "V_3",
      { prompt: { text: "p", images: [image] }, size: "1024x1024", providerOptions: { ideogram: { image_weight: 30 } } },
      (client) => client.v3.remix({ image, prompt: "p", resolution: "1024x1024", num_images: 1, image_weight: 30 }),
    ],
    [
      "v3 edit", "V_3",
      { prompt: { text: "p", images: [image], mask: maskBytes }, seed: 0, providerOptions: { ideogram: { magic_prompt: "OFF" } } },
      (client) => client.v3.edit({ image, mask: maskBytes, prompt: "p", seed: 0, num_images: 1, magic_prompt: "OFF" }),
    ],
    [
      "legacy generate", "V_2",
      { prompt: "p", aspectRatio: "3:2", n: 3, providerOptions: { ideogram: { style_type: "DESIGN" } } },
      (client) => client.legacy.generate({ image_request: { prompt: "p", model: "V_2", aspect_ratio: "ASPECT_3_2", num_images: 3, style_type: "DESIGN" } }),
    ],
    [
      "legacy remix", "V_1",
      { prompt: { text: "p", images: [image] }, seed: 9 },
      (client) => client.legacy.remix({ image_request: { prompt: "p", model: "V_1", seed: 9, num_images: 1 }, image_file: image }),
    ],
    [
      "legacy edit", "V_2",
      { prompt: { text: "p", images: [image], mask: maskBytes }, providerOptions: { ideogram: { style_type: "REALISTIC" } } },
      (client) => client.legacy.edit({ image_file: image, mask: maskBytes, prompt: "p", model: "V_2", num_images: 1, style_type: "REALISTIC" }),
    ],
  ];

  it.each(cases)("%s", async (_label, modelId, settings, direct) => {
    await generateImage({ model: viaCapture().image(modelId), ...settings } as Parameters<typeof generateImage>[0]);
    await direct(new Ideogram({ apiKey: KEY, baseURL: capture.baseURL }));
    const [viaAI, viaClient] = posts();
    const normalise = (request: CapturedRequest) => {
      const boundary = /boundary=([^;]+)/.exec(String(request.headers["content-type"]))?.[1];
      const text = request.body.toString("latin1");
      return {
        url: request.url,
        contentType: boundary ? String(request.headers["content-type"]).replace(boundary, "B") : request.headers["content-type"],
        apiKey: request.headers["api-key"],
        body: boundary ? text.split(boundary).join("B") : text,
      };
    };
    expect(normalise(viaAI!)).toEqual(normalise(viaClient!));
  });
});

describe("images withheld by the safety check", () => {
  it("are left out, with a warning; the metadata describes the returned images", async () => {
    capture.handle(answer([true, false, true]));
    const { images, warnings, providerMetadata } = await generateImage({ model: viaCapture().image("V_3"), prompt: "p", n: 3 });
    expect(images).toHaveLength(2);
    expect(warnings).toEqual([{ type: "other", message: expect.stringContaining("withheld 1 of 3 images") }]);
    expect(warnings[0]).toMatchObject({ message: expect.stringContaining("#2 (seed 101)") });
    expect((providerMetadata.ideogram!.images as { seed: number }[]).map((entry) => entry.seed)).toEqual([100, 102]);
  });

  it("when every image is withheld the call fails with an error the AI SDK does not retry: one request only", async () => {
    capture.handle(answer([false, false]));
    const error = await generateImage({ model: viaCapture().image("V_3"), prompt: "p", n: 2, maxRetries: 5 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ImagesWithheldError);
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ isRetryable: false, withheld: 2, statusCode: 200, url: `${capture.baseURL}/v1/ideogram-v3/generate` });
    expect((error as Error).message).toMatch(/withheld all 2 images.*billed.*not retried/s);
    expect(posts()).toHaveLength(1);
    expect(capture.requests).toHaveLength(1); // nothing downloaded either
  });

  it("the same with the mock server's answer shape for a legacy model", async () => {
    capture.handle(answer([false]));
    await expect(generateImage({ model: viaCapture().image("V_2"), prompt: "p" })).rejects.toBeInstanceOf(ImagesWithheldError);
    expect(posts()).toHaveLength(1);
  });
});

describe("invalid settings send nothing", () => {
  it("an aspect ratio the API does not list: the error names the allowed ones", async () => {
    const error = await generateImage({ model: viaCapture().image("V_3"), prompt: "p", aspectRatio: "7:5" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/aspectRatio: must be one of the aspect ratios Ideogram 3\.0 take: .*16:9.*\(got "7:5"\)/);
    const legacy = await generateImage({ model: viaCapture().image("V_2"), prompt: "p", aspectRatio: "4:5" }).catch((caught: unknown) => caught);
    expect((legacy as Error).message).toMatch(/aspectRatio: .*legacy models.*16:10.*\(got "4:5"\)/); // 4:5 is V3's only
    expect(posts()).toHaveLength(0);
  });

  it("a size the API does not list: the error names the allowed ones", async () => {
    const error = await generateImage({ model: viaCapture().image("V_3"), prompt: "p", size: "1000x1000" }).catch((caught: unknown) => caught);
    expect((error as ValidationError).issues).toEqual([{ path: "size", message: expect.stringMatching(/1024x1024.*\(got "1000x1000"\)/) }]);
    const legacy = await generateImage({ model: viaCapture().image("V_2"), prompt: "p", size: "1000x1000" }).catch((caught: unknown) => caught);
    expect((legacy as Error).message).toMatch(/size: .*1280x720.*\(got "1000x1000"\)/); // 1280x720 is legacy-only
    expect(posts()).toHaveLength(0);
  });

  it("a size for a legacy model that takes none is refused by the schema, naming the models that do", async () => {
    await expect(generateImage({ model: viaCapture().image("V_1"), prompt: "p", size: "1024x1024" })).rejects.toThrow(
      /image_request\.resolution: resolution is not supported by model V_1 \(only V_2, V_2_TURBO\)/,
    );
    expect(posts()).toHaveLength(0);
  });

  it("size and aspectRatio together", async () => {
    await expect(generateImage({ model: viaCapture().image("V_3"), prompt: "p", size: "1024x1024", aspectRatio: "1:1" })).rejects.toThrow(/size: cannot be used together with aspectRatio/);
    expect(posts()).toHaveLength(0);
  });

  it("a misspelt providerOptions key is an error, not dropped", async () => {
    const error = await generateImage({ model: viaCapture().image("V_3"), prompt: "p", providerOptions: { ideogram: { rendering_sped: "QUALITY" } } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain('rendering_sped: is not a field of this endpoint. Did you mean "rendering_speed"?');
    const legacy = await generateImage({ model: viaCapture().image("V_2"), prompt: "p", providerOptions: { ideogram: { magic_prompt: "ON" } } }).catch((caught: unknown) => caught);
    expect((legacy as Error).message).toContain('image_request.magic_prompt: is not a field of image_request. Did you mean "magic_prompt_option"?');
    expect(posts()).toHaveLength(0);
  });

  it("a bad providerOptions value is refused by the endpoint's schema", async () => {
    await expect(generateImage({ model: viaCapture().image("V_3"), prompt: "p", providerOptions: { ideogram: { rendering_speed: "FAST" } } })).rejects.toThrow(
      /rendering_speed: must be one of: FLASH, TURBO, DEFAULT, QUALITY/,
    );
    expect(posts()).toHaveLength(0);
  });

  it("a providerOptions field that a setting owns is refused, naming the setting", async () => {
    const error = await generateImage({ model: viaCapture().image("V_3"), prompt: "p", providerOptions: { ideogram: { num_images: 4, seed: 1 } } }).catch((caught: unknown) => caught);
    expect((error as ValidationError).issues).toEqual([
      { path: "providerOptions.ideogram.num_images", message: expect.stringContaining("is set by n") },
      { path: "providerOptions.ideogram.seed", message: "is set by seed" },
    ]);
    expect(posts()).toHaveLength(0);
  });

  it("a file field in providerOptions takes no file path", async () => {
    await expect(
      generateImage({ model: viaCapture().image("V_3"), prompt: "p", providerOptions: { ideogram: { style_reference_images: ["/etc/passwd"] } } }),
    ).rejects.toThrow(/style_reference_images\.0: .*a file path is not read from providerOptions/);
    expect(posts()).toHaveLength(0);
  });

  it("a budget the call would pass: refused by the client before sending", async () => {
    const client = new Ideogram({ apiKey: KEY, baseURL: capture.baseURL, budgetUSD: 0.01 });
    await expect(generateImage({ model: createIdeogram({ client }).image("V_3"), prompt: "p", n: 4 })).rejects.toBeInstanceOf(BudgetExceededError);
    expect(posts()).toHaveLength(0);
  });
});

describe("requests and responses", () => {
  it("the abort signal reaches the request", async () => {
    const slow = await createMockServer({ apiKey: KEY, latency: 5_000 });
    try {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const started = Date.now();
      const error = await generateImage({
        model: createIdeogram({ apiKey: KEY, baseURL: slow.baseURL }).image("V_3"), prompt: "p", abortSignal: controller.signal,
      }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(APIUserAbortError);
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await slow.close();
    }
  });

  it("per-call headers reach the request, beside the client's; the provider's own tag does not", async () => {
    await generateImage({ model: viaCapture({ defaultHeaders: { "x-app": "demo" } }).image("V_3"), prompt: "p", headers: { "x-trace": "abc" } });
    const [request] = posts();
    expect(request!.headers).toMatchObject({ "x-trace": "abc", "x-app": "demo", "api-key": KEY });
    expect(String(request!.headers["user-agent"])).toMatch(/^ai\/6\./);
    expect(Object.keys(request!.headers).filter((name) => name.startsWith("x-ideogram"))).toEqual([]);
  });

  it("the response: its headers (the key redacted), the model id and a timestamp", async () => {
    capture.handle(answer([true], { "x-request-id": "req-42", "x-echo": `key=${KEY}` }));
    const before = Date.now();
    const { responses } = await generateImage({ model: viaCapture().image("V_3"), prompt: "p" });
    expect(responses).toHaveLength(1);
    const [response] = responses;
    expect(response!.modelId).toBe("V_3");
    expect(response!.timestamp).toBeInstanceOf(Date);
    expect(response!.timestamp.getTime()).toBeGreaterThanOrEqual(before - 1);
    expect(response!.timestamp.getTime()).toBeLessThanOrEqual(Date.now());
    expect(response!.headers).toMatchObject({ "x-request-id": "req-42", "content-type": "application/json", "x-echo": "key=[redacted]" });
  });

  it("each call of a split n has its own response headers", async () => {
    let calls = 0;
    capture.handle((request, res, raw) => {
      if (request.method === "GET") return answer([true])(request, res, raw);
      const count = Number(request.parts().find((part) => part.name === "num_images")!.text);
      return answer(Array.from({ length: count }, () => true), { "x-call": String(++calls) })(request, res, raw);
    });
    const { images, responses } = await generateImage({ model: viaCapture().image("V_3"), prompt: "p", n: 10 });
    expect(images).toHaveLength(10);
    expect(responses.map((response) => response.headers?.["x-call"]).sort()).toEqual(["1", "2"]);
  });

  it("calls go through the client: its retries (a 503 is retried once by the client, not again by the AI SDK)", async () => {
    let calls = 0;
    const ok = answer([true]);
    capture.handle((request, res, raw) => {
      if (request.method === "POST" && ++calls === 1) return json(res, 503, { error: "busy" }, { "retry-after": "0" });
      return ok(request, res, raw);
    });
    const { images } = await generateImage({ model: viaCapture({ logLevel: "off" }).image("V_3"), prompt: "p" });
    expect(images).toHaveLength(1);
    expect(posts()).toHaveLength(2);
  });

  it("a failure the client gives up on is not retried by the AI SDK", async () => {
    capture.handle((_request, res) => json(res, 500, { error: "boom" }));
    await expect(generateImage({ model: viaCapture().image("V_3"), prompt: "p", maxRetries: 3 })).rejects.toThrow(/500 Internal Server Error: boom/);
    expect(posts()).toHaveLength(1); // "safe" policy: a 500 may have been charged
  });

  it("{ client }: the calls share its usage", async () => {
    const client = new Ideogram({ apiKey: KEY, baseURL: mock.baseURL });
    const provider = createIdeogram({ client });
    expect(provider.client).toBe(client);
    await generateImage({ model: provider.image("V_3"), prompt: "p", n: 3 });
    expect(client.usage).toMatchObject({ requests: 1, images: 3 });
    expect(client.usage.usd).toBeGreaterThan(0);
  });
});

describe("the provider and its models", () => {
  it("works through a Proxy (ai 7 wraps models in one): no #private members", async () => {
    class WithPrivate {
      #secret = 1;
      read() {
        return this.#secret;
      }
    }
    expect(() => new Proxy(new WithPrivate(), {}).read()).toThrow(TypeError); // the trap this guards against

    const proxied = new Proxy(viaMock().image("V_3"), {});
    const result = await proxied.doGenerate({
      prompt: "p", n: 1, size: undefined, aspectRatio: "1:1", seed: undefined, files: undefined, mask: undefined, providerOptions: {},
    });
    expect(result.images).toHaveLength(1);
    expect(result.response.modelId).toBe("V_3");
    const { images } = await generateImage({ model: proxied, prompt: "p" });
    expect(images).toHaveLength(1);
  });

  it("is the AI SDK's image model v3, with at most 8 images a call", () => {
    const model = viaMock().image("V_2A_TURBO");
    expect(model).toMatchObject({ specificationVersion: "v3", provider: "ideogram.image", modelId: "V_2A_TURBO", maxImagesPerCall: 8 });
  });

  it("doGenerate takes files as base64 text, as the specification allows", async () => {
    const model = viaMock().image("V_3");
    const base64 = Buffer.from(image).toString("base64");
    await model.doGenerate({
      prompt: "p", n: 1, size: undefined, aspectRatio: undefined, seed: undefined, providerOptions: {},
      files: [{ type: "file", mediaType: "image/png", data: base64 }], mask: undefined,
    });
    expect(new Uint8Array(await (mock.requests[0]!.params.image as File).arrayBuffer())).toEqual(image);
  });

  it("an unknown model id, a language model, and { client } with other options are refused", () => {
    const provider = viaMock();
    const unknown = (() => {
      try {
        return provider.image("V_4" as IdeogramImageModelId);
      } catch (error) {
        return error;
      }
    })();
    expect(AISDKNoSuchModelError.isInstance(unknown)).toBe(true);
    expect((unknown as Error).message).toContain("V_3, V_1, V_1_TURBO, V_2, V_2_TURBO, V_2A, V_2A_TURBO, AUTO");
    expect(() => provider.languageModel("V_3")).toThrow(/makes images only/);
    expect(() => createIdeogram({ client: new Ideogram({ apiKey: KEY }), apiKey: KEY })).toThrow(/either \{ client \} or the client's options/);
  });

  it("the default `ideogram` reads no key at import, and reads it at the first call", async () => {
    vi.resetModules();
    const reads: string[] = [];
    const env = process.env;
    process.env = new Proxy(env, {
      get(target, key) {
        if (typeof key === "string") reads.push(key);
        return Reflect.get(target, key);
      },
    });
    let module: typeof import("ideogram-sdk/ai-sdk");
    try {
      module = await import("ideogram-sdk/ai-sdk");
      module.ideogram.image("V_3");
    } finally {
      process.env = env;
    }
    expect(reads.filter((name) => /KEY|IDEOGRAM|AIHUBMIX|PROXY/i.test(name))).toEqual([]);

    vi.stubEnv("AIHUBMIX_API_KEY", "");
    vi.stubEnv("IDEOGRAM_API_KEY", "");
    await expect(generateImage({ model: module.ideogram.image("V_3"), prompt: "p" })).rejects.toThrow(/Missing API key/);
    vi.stubEnv("AIHUBMIX_API_KEY", KEY);
    vi.stubEnv("IDEOGRAM_BASE_URL", mock.baseURL);
    const { images } = await generateImage({ model: module.ideogram.image("V_3"), prompt: "p" });
    expect(images).toHaveLength(1);
    expect(mock.requests[0]!.headers["api-key"]).toBe(KEY);
  });

  it("the entry loads nothing of the AI SDK at run time (types only)", async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL("../src/ai-sdk/index.ts", import.meta.url))],
      bundle: true,
      write: false,
      format: "esm",
      platform: "neutral",
      conditions: ["workerd", "worker", "browser"],
      mainFields: ["browser", "module", "main"],
      alias: { "#platform": fileURLToPath(new URL("../src/platform/web.ts", import.meta.url)) },
      metafile: true,
      logLevel: "silent",
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((path) => /node_modules\/(ai|@ai-sdk)\//.test(path))).toEqual([]);
    expect(inputs.some((path) => path.includes("src/ai-sdk/model.ts"))).toBe(true);
  });
});
