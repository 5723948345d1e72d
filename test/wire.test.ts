/**
 * Every example of the gateway's documentation, reproduced byte for byte by the matching SDK call and checked
 * on a real server on 127.0.0.1. Only the multipart boundary is random; the test reads it from the header.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Ideogram, buildRequest, toFile } from "ideogram-sdk";
import { answerLikeTheAPI, startCaptureServer, type CaptureServer, type CapturedRequest } from "./helpers/capture-server";
import { jpegBytes, pngBytes, webpBytes } from "./helpers/images";

let server: CaptureServer;
let client: Ideogram;
const KEY = "sk-wire-test";

beforeAll(async () => {
  server = await startCaptureServer();
  client = new Ideogram({ apiKey: KEY, baseURL: server.baseURL });
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

type Field = [name: string, value: string] | [name: string, file: { filename: string; type: string; bytes: Uint8Array }];

/** The exact multipart body the documentation's clients send for these fields, with the request's boundary. */
function expectedMultipart(request: CapturedRequest, fields: Field[]): Buffer {
  const boundary = /boundary=(.+)$/.exec(String(request.headers["content-type"]))![1]!;
  const chunks: Buffer[] = [];
  for (const [name, value] of fields) {
    if (typeof value === "string") {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
    } else {
      chunks.push(
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${value.filename}"\r\nContent-Type: ${value.type}\r\n\r\n`),
        Buffer.from(value.bytes),
        Buffer.from("\r\n"),
      );
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n\r\n`));
  return Buffer.concat(chunks);
}

function only(): CapturedRequest {
  expect(server.requests).toHaveLength(1);
  return server.requests[0]!;
}

function expectHeaders(request: CapturedRequest, path: string) {
  expect(request.method).toBe("POST");
  expect(request.url).toBe(path);
  expect(request.headers["api-key"]).toBe(KEY);
  expect(request.headers["content-length"]).toBe(String(request.body.length));
}

const jpeg = jpegBytes();
const png = pngBytes(4, 4);
const mask = pngBytes(4, 4, [0, 0, 0]);

describe("V3 endpoints (multipart)", () => {
  it("v3.generate reproduces the curl example", async () => {
    const prompt =
      'Delicate 3D cover design with various combat machines flying from an portal. The text "One Gateway, Infinite Models" is placed in the center';
    await client.v3.generate({ prompt, rendering_speed: "QUALITY", num_images: 2, aspect_ratio: "2x1" });
    const request = only();
    expectHeaders(request, "/v1/ideogram-v3/generate");
    expect(request.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(request.body).toEqual(
      expectedMultipart(request, [["prompt", prompt], ["rendering_speed", "QUALITY"], ["num_images", "2"], ["aspect_ratio", "2x1"]]),
    );
  });

  it("v3.remix reproduces the Python example: text fields in order, then image and style reference", async () => {
    await client.v3.remix({
      prompt: "bird playing with a cat in the snow, pixel art style",
      image_weight: 60,
      rendering_speed: "QUALITY",
      num_images: 1,
      seed: 1,
      aspect_ratio: "16x9",
      magic_prompt: "AUTO",
      style_type: "AUTO",
      negative_prompt: "blurry, bad anatomy, watermark",
      image: new File([jpeg], "image.jpeg"),
      style_reference_images: await toFile(png, "reference-image.png"),
    });
    const request = only();
    expectHeaders(request, "/v1/ideogram-v3/remix");
    expect(request.body).toEqual(
      expectedMultipart(request, [
        ["prompt", "bird playing with a cat in the snow, pixel art style"],
        ["image_weight", "60"],
        ["rendering_speed", "QUALITY"],
        ["num_images", "1"],
        ["seed", "1"],
        ["aspect_ratio", "16x9"],
        ["magic_prompt", "AUTO"],
        ["style_type", "AUTO"],
        ["negative_prompt", "blurry, bad anatomy, watermark"],
        ["image", { filename: "image.jpeg", type: "image/jpeg", bytes: jpeg }],
        ["style_reference_images", { filename: "reference-image.png", type: "image/png", bytes: png }],
      ]),
    );
  });

  it("v3.edit reproduces the Python example", async () => {
    await client.v3.edit({
      prompt: "remove text",
      rendering_speed: "DEFAULT",
      num_images: 1,
      seed: 1,
      aspect_ratio: "16x9",
      magic_prompt: "AUTO",
      style_type: "AUTO",
      negative_prompt: "blurry, bad anatomy, watermark",
      image: new File([jpeg], "image.jpeg"),
      mask: new File([jpeg], "mask.jpg"),
    });
    const request = only();
    expectHeaders(request, "/v1/ideogram-v3/edit");
    expect(request.body).toEqual(
      expectedMultipart(request, [
        ["prompt", "remove text"],
        ["rendering_speed", "DEFAULT"],
        ["num_images", "1"],
        ["seed", "1"],
        ["aspect_ratio", "16x9"],
        ["magic_prompt", "AUTO"],
        ["style_type", "AUTO"],
        ["negative_prompt", "blurry, bad anatomy, watermark"],
        ["image", { filename: "image.jpeg", type: "image/jpeg", bytes: jpeg }],
        ["mask", { filename: "mask.jpg", type: "image/jpeg", bytes: jpeg }],
      ]),
    );
  });

  it("v3.replaceBackground reproduces the Python example (no aspect_ratio, no negative_prompt)", async () => {
    await client.v3.replaceBackground({
      prompt: "bird playing with a cat in the snow, pixel art style",
      rendering_speed: "QUALITY",
      num_images: 1,
      seed: 1,
      magic_prompt: "AUTO",
      style_type: "AUTO",
      image: new File([png], "image.png"),
      style_reference_images: [new File([png], "reference-image.png")],
    });
    const request = only();
    expectHeaders(request, "/v1/ideogram-v3/replace-background");
    expect(request.body).toEqual(
      expectedMultipart(request, [
        ["prompt", "bird playing with a cat in the snow, pixel art style"],
        ["rendering_speed", "QUALITY"],
        ["num_images", "1"],
        ["seed", "1"],
        ["magic_prompt", "AUTO"],
        ["style_type", "AUTO"],
        ["image", { filename: "image.png", type: "image/png", bytes: png }],
        ["style_reference_images", { filename: "reference-image.png", type: "image/png", bytes: png }],
      ]),
    );
  });

  it("v3.reframe sends image and resolution (Ideogram's reference)", async () => {
    await client.v3.reframe({ image: png, resolution: "1280x800", num_images: 2, rendering_speed: "TURBO" });
    const request = only();
    expectHeaders(request, "/v1/ideogram-v3/reframe");
    expect(request.body).toEqual(
      expectedMultipart(request, [
        ["resolution", "1280x800"],
        ["num_images", "2"],
        ["rendering_speed", "TURBO"],
        ["image", { filename: "image.png", type: "image/png", bytes: png }],
      ]),
    );
  });

  it("sends falsy values the user gave (seed 0), a palette as one JSON part, lists as repeated parts", async () => {
    await client.v3.generate({
      prompt: "p",
      seed: 0,
      color_palette: { members: [{ color_hex: "#FF8800", color_weight: 0.05 }, { color_hex: "#000" }] },
      style_codes: ["aabbccdd", "00112233"],
      negative_prompt: "",
    });
    const request = only();
    expect(request.body).toEqual(
      expectedMultipart(request, [
        ["prompt", "p"],
        ["seed", "0"],
        ["color_palette", '{"members":[{"color_hex":"#FF8800","color_weight":0.05},{"color_hex":"#000"}]}'],
        ["style_codes", "aabbccdd"],
        ["style_codes", "00112233"],
        ["negative_prompt", ""],
      ]),
    );
  });

  it("invents no defaults: only the fields given are sent", async () => {
    await client.v3.generate({ prompt: "only a prompt" });
    expect(only().parts().map((part) => part.name)).toEqual(["prompt"]);
  });

  it("sends several style references as one part each, in order, with types sniffed from the bytes", async () => {
    const webp = webpBytes();
    await client.v3.generate({ prompt: "p", style_reference_images: [png, jpeg, new Blob([webp])] });
    const parts = only().parts();
    expect(parts.map((part) => [part.name, part.filename, part.contentType])).toEqual([
      ["prompt", undefined, undefined],
      ["style_reference_images", "image.png", "image/png"],
      ["style_reference_images", "image.jpg", "image/jpeg"],
      ["style_reference_images", "image.webp", "image/webp"],
    ]);
    expect(Buffer.from(parts[2]!.data)).toEqual(Buffer.from(jpeg));
  });

  it("sends character references with their masks", async () => {
    await client.v3.remix({ prompt: "p", image: png, character_reference_images: [png], character_reference_images_mask: [png] });
    expect(only().parts().map((part) => part.name)).toEqual(["prompt", "image", "character_reference_images", "character_reference_images_mask"]);
  });
});

describe("legacy endpoints", () => {
  it("legacy.generate reproduces the Python example as a JSON body { image_request }", async () => {
    const image_request = {
      prompt: '3D cartoon, An adorable white owl baby with tilted head, huge title design "Always curious"',
      negative_prompt: "blurry, bad anatomy, watermark",
      aspect_ratio: "ASPECT_3_2",
      model: "V_2",
      num_images: 2,
      magic_prompt_option: "AUTO",
      style_type: "RENDER_3D",
    } as const;
    await client.legacy.generate({ image_request });
    const request = only();
    expectHeaders(request, "/generate");
    expect(request.headers["content-type"]).toBe("application/json");
    expect(request.body.toString("utf8")).toBe(JSON.stringify({ image_request }));
  });

  it("legacy.remix reproduces the Python example: image_request as a JSON text part, then image_file", async () => {
    const image_request = { prompt: "watercolor", aspect_ratio: "ASPECT_10_16", image_weight: 50, magic_prompt_option: "ON", model: "V_2" } as const;
    await client.legacy.remix({ image_request, image_file: new File([png], "file1.png") });
    const request = only();
    expectHeaders(request, "/remix");
    expect(request.body).toEqual(
      expectedMultipart(request, [
        ["image_request", JSON.stringify(image_request)],
        ["image_file", { filename: "file1.png", type: "image/png", bytes: png }],
      ]),
    );
  });

  it("legacy.edit posts flat fields to /edit (not the page's /eidt typo)", async () => {
    await client.legacy.edit({ prompt: '"prompt"', model: "V_2", num_images: 1, image_file: new File([png], "file1.png"), mask: new File([mask], "mask.png") });
    const request = only();
    expectHeaders(request, "/edit");
    expect(request.body).toEqual(
      expectedMultipart(request, [
        ["prompt", '"prompt"'],
        ["model", "V_2"],
        ["num_images", "1"],
        ["image_file", { filename: "file1.png", type: "image/png", bytes: png }],
        ["mask", { filename: "mask.png", type: "image/png", bytes: mask }],
      ]),
    );
  });

  it("legacy.upscale reproduces the Python example: image_request \"{}\" when none is given", async () => {
    await client.legacy.upscale({ image_file: new File([png], "file1.png") });
    const request = only();
    expectHeaders(request, "/upscale");
    expect(request.body).toEqual(
      expectedMultipart(request, [
        ["image_request", "{}"],
        ["image_file", { filename: "file1.png", type: "image/png", bytes: png }],
      ]),
    );
  });

  it("legacy.upscale sends the image_request it is given", async () => {
    await client.legacy.upscale({ image_request: { resemblance: 70, detail: 1, prompt: "sharper" }, image_file: png });
    expect(only().parts()[0]!.text).toBe('{"resemblance":70,"detail":1,"prompt":"sharper"}');
  });

  it("legacy.describe reproduces the Python example: image_file alone", async () => {
    const response = await client.legacy.describe({ image_file: new File([jpeg], "file1.jpg") });
    const request = only();
    expectHeaders(request, "/describe");
    expect(request.body).toEqual(expectedMultipart(request, [["image_file", { filename: "file1.jpg", type: "image/jpeg", bytes: jpeg }]]));
    expect(response.descriptions[0]!.text).toBe("A cat.");
  });
});

describe("the client's base URL", () => {
  it("puts the endpoint path under the gateway's /ideogram prefix", async () => {
    const prefixed = new Ideogram({ apiKey: KEY, baseURL: `${server.baseURL}/ideogram/` });
    await prefixed.v3.generate({ prompt: "p" });
    await prefixed.legacy.generate({ image_request: { prompt: "p" } });
    expect(server.requests.map((request) => request.url)).toEqual(["/ideogram/v1/ideogram-v3/generate", "/ideogram/generate"]);
  });

  it("defaults to the AiHubMix gateway, or api.ideogram.ai with provider ideogram", () => {
    expect(new Ideogram({ apiKey: KEY }).baseURL).toBe("https://aihubmix.com/ideogram");
    expect(new Ideogram({ apiKey: KEY, provider: "ideogram" }).baseURL).toBe("https://api.ideogram.ai");
  });
});

describe("buildRequest", () => {
  it("gives the same bytes the client sends", async () => {
    const params = { prompt: "same", seed: 7, style_reference_images: [png] };
    await client.v3.generate(params);
    const sent = only();
    const built = await buildRequest("v3.generate", params, { baseURL: server.baseURL, apiKey: KEY });
    expect(built.method).toBe("POST");
    expect(built.url).toBe(`${server.baseURL}/v1/ideogram-v3/generate`);
    expect(built.headers.get("api-key")).toBe(KEY);
    const builtBoundary = /boundary=(.+)$/.exec(built.headers.get("content-type")!)![1]!;
    const sentBoundary = /boundary=(.+)$/.exec(String(sent.headers["content-type"]))![1]!;
    const builtBody = Buffer.from(await built.arrayBuffer()).toString("latin1").split(builtBoundary).join("B");
    expect(builtBody).toBe(sent.body.toString("latin1").split(sentBoundary).join("B"));
  });

  it("validates like a call", async () => {
    await expect(buildRequest("v3.generate", { prompt: "p", num_images: 9 } as never)).rejects.toThrow(/num_images: must be at most 8/);
  });
});

describe("invalid input never reaches the network", () => {
  it.each([
    ["an out-of-range number", () => client.v3.generate({ prompt: "p", num_images: 0 })],
    ["a wrong enum", () => client.v3.generate({ prompt: "p", aspect_ratio: "16:9" as never })],
    ["a missing file", () => client.v3.remix({ prompt: "p" } as never)],
    ["a file that is not an image", () => client.v3.remix({ prompt: "p", image: new Uint8Array([1, 2, 3]) })],
    ["an unknown field", () => client.legacy.describe({ image_file: png, prompt: "x" } as never)],
    ["a model legacy edit does not take", () => client.legacy.edit({ prompt: "p", model: "V_1" as never, image_file: png, mask: png })],
  ])("%s", async (_, call) => {
    await expect(call()).rejects.toMatchObject({ name: "ValidationError" });
    expect(server.requests).toHaveLength(0);
  });
});

describe("the official API's other endpoints (Ideogram's reference)", () => {
  const mask = pngBytes(4, 4, [0, 0, 0]);

  it("v3.inpaint posts edit's fields to /v1/ideogram-v3/inpaint", async () => {
    await client.v3.inpaint({ prompt: "a red door", rendering_speed: "TURBO", seed: 3, image: new File([png], "house.png"), mask: new File([mask], "mask.png") });
    const request = only();
    expectHeaders(request, "/v1/ideogram-v3/inpaint");
    expect(request.body).toEqual(
      expectedMultipart(request, [
        ["prompt", "a red door"],
        ["rendering_speed", "TURBO"],
        ["seed", "3"],
        ["image", { filename: "house.png", type: "image/png", bytes: png }],
        ["mask", { filename: "mask.png", type: "image/png", bytes: mask }],
      ]),
    );
  });

  it("v3.generateTransparent sends upscale_factor and the prompt", async () => {
    await client.v3.generateTransparent({ prompt: "a sticker of a fox", upscale_factor: "X2", rendering_speed: "QUALITY", aspect_ratio: "1x1", num_images: 2 });
    const request = only();
    expectHeaders(request, "/v1/ideogram-v3/generate-transparent");
    expect(request.body).toEqual(
      expectedMultipart(request, [
        ["prompt", "a sticker of a fox"],
        ["upscale_factor", "X2"],
        ["rendering_speed", "QUALITY"],
        ["aspect_ratio", "1x1"],
        ["num_images", "2"],
      ]),
    );
  });

  it("v3.layerizeText sends the image (prompt optional) and parses the text blocks", async () => {
    const response = await client.v3.layerizeText({ image: new File([png], "poster.png") });
    const request = only();
    expectHeaders(request, "/v1/ideogram-v3/layerize-text");
    expect(request.body).toEqual(expectedMultipart(request, [["image", { filename: "poster.png", type: "image/png", bytes: png }]]));
    expect(response.base_image_url).toMatch(/^https:/);
    expect(response.text_blocks[0]).toMatchObject({ text: "SALE", alignment: "center", formatting: ["bold"], x: 10, y: 20 });
  });

  it("legacy.reframe posts flat fields to /reframe", async () => {
    await client.legacy.reframe({ image_file: new File([png], "square.png"), resolution: "RESOLUTION_1280_768", model: "V_2_TURBO", num_images: 1 });
    const request = only();
    expectHeaders(request, "/reframe");
    expect(request.body).toEqual(
      expectedMultipart(request, [
        ["resolution", "RESOLUTION_1280_768"],
        ["model", "V_2_TURBO"],
        ["num_images", "1"],
        ["image_file", { filename: "square.png", type: "image/png", bytes: png }],
      ]),
    );
  });

  it("removeBackground posts the image to /v1/remove-background and parses its single image", async () => {
    const response = await client.removeBackground({ image: new File([jpeg], "photo.jpg") });
    const request = only();
    expectHeaders(request, "/v1/remove-background");
    expect(request.body).toEqual(expectedMultipart(request, [["image", { filename: "photo.jpg", type: "image/jpeg", bytes: jpeg }]]));
    expect(response.data).toEqual([{ url: expect.stringMatching(/^https:/), is_image_safe: true }]);
  });

  it("editWithPrompt posts the prompt and one part per image to /v1/edit; booleans as true/false", async () => {
    await client.editWithPrompt({ prompt: "make it night", images: [new File([png], "a.png"), new File([jpeg], "b.jpg")], transparent_background: false });
    const request = only();
    expectHeaders(request, "/v1/edit");
    expect(request.body).toEqual(
      expectedMultipart(request, [
        ["prompt", "make it night"],
        ["transparent_background", "false"],
        ["images", { filename: "a.png", type: "image/png", bytes: png }],
        ["images", { filename: "b.jpg", type: "image/jpeg", bytes: jpeg }],
      ]),
    );
  });

  it("editWithPrompt takes image URLs instead of files, one part each", async () => {
    await client.editWithPrompt({ prompt: "brighter", image_urls: ["https://ideogram.ai/a.png", "https://ideogram.ai/b.png"] });
    expect(only().parts().map((part) => [part.name, part.text])).toEqual([
      ["prompt", "brighter"],
      ["image_urls", "https://ideogram.ai/a.png"],
      ["image_urls", "https://ideogram.ai/b.png"],
    ]);
  });

  it.each([
    ["FLASH on generate-transparent", () => client.v3.generateTransparent({ prompt: "p", rendering_speed: "FLASH" as never }), "rendering_speed: must be one of: TURBO, DEFAULT, QUALITY"],
    ["an upscale factor that does not exist", () => client.v3.generateTransparent({ prompt: "p", upscale_factor: "X3" as never }), "upscale_factor: must be one of: X1, X2, X4"],
    ["more than 10 images", () => client.editWithPrompt({ prompt: "p", images: Array.from({ length: 11 }, () => png) }), "images: must have at most 10 items (got 11)"],
    ["both images and image_urls", () => client.editWithPrompt({ prompt: "p", images: [png], image_urls: ["https://ideogram.ai/a.png"] }), "images: give the images to edit"],
    ["neither images nor image_urls", () => client.editWithPrompt({ prompt: "p" }), "images: give the images to edit"],
    ["a URL that is not http(s)", () => client.editWithPrompt({ prompt: "p", image_urls: ["ftp://x/a.png"] }), "image_urls.0: must be an http(s) URL"],
    ["aspect_ratio on inpaint", () => client.v3.inpaint({ prompt: "p", image: png, mask, aspect_ratio: "1x1" } as never), "aspect_ratio: is not a field of this endpoint"],
    ["legacy reframe without a model", () => client.legacy.reframe({ image_file: png, resolution: "RESOLUTION_1024_1024" } as never), "model: is required"],
    ["a V3 resolution on legacy reframe", () => client.legacy.reframe({ image_file: png, resolution: "1024x1024" as never, model: "V_2" }), 'Did you mean "RESOLUTION_1024_1024"?'],
    ["layerize without an image", () => client.v3.layerizeText({ prompt: "p" } as never), "image: is required"],
  ])("refuses %s before sending", async (_, call, message) => {
    const error = await call().catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "ValidationError" });
    expect((error as Error).message).toContain(message);
    expect(server.requests).toHaveLength(0);
  });

  it("a 404 from the gateway on one of them suggests provider ideogram", async () => {
    server.handle((_request, res) => {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "Not Found" }));
    });
    try {
      const error = await client.removeBackground({ image: png }).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: "NotFoundError", status: 404 });
      expect((error as Error).message).toContain('provider: "ideogram"');
      const onIdeogram = await new Ideogram({ apiKey: KEY, baseURL: server.baseURL, provider: "ideogram" }).removeBackground({ image: png }).catch((e: unknown) => e);
      expect((onIdeogram as Error).message).not.toContain("provider");
      const gatewayEndpoint = await client.v3.generate({ prompt: "p" }).catch((e: unknown) => e);
      expect((gatewayEndpoint as Error).message).not.toContain("provider");
    } finally {
      server.handle(answerLikeTheAPI);
    }
  });
});
