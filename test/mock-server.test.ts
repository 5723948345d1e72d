import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Ideogram, ValidationError } from "ideogram-sdk";
import { createMockServer, type MockServer } from "ideogram-sdk/testing";
import { readImageSize, sniffImageType } from "../src/images/sniff";
import { pngBytes } from "./helpers/images";

let mock: MockServer;
let client: Ideogram;

beforeAll(async () => {
  mock = await createMockServer();
  client = new Ideogram({ apiKey: "test-key", baseURL: mock.baseURL });
});
afterAll(() => mock.close());

async function download(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("image/png");
  return new Uint8Array(await response.arrayBuffer());
}

describe("createMockServer", () => {
  it("answers v3.generate with num_images images at the requested resolution, with real PNG bytes", async () => {
    const response = await client.v3.generate({ prompt: "a fox", aspect_ratio: "16x9", num_images: 2, seed: 41 });
    expect(response.data).toHaveLength(2);
    expect(response.data.map((image) => [image.resolution, image.seed, image.prompt, image.is_image_safe])).toEqual([
      ["1312x736", 41, "a fox", true],
      ["1312x736", 42, "a fox", true],
    ]);
    const bytes = await download(response.data[0]!.url!);
    expect(sniffImageType(bytes)).toBe("image/png");
    expect(readImageSize(bytes)).toEqual({ width: 1312, height: 736 });
  });

  it("takes the resolution from a legacy RESOLUTION_W_H and from an explicit V3 resolution", async () => {
    const legacy = await client.legacy.generate({ image_request: { prompt: "p", resolution: "RESOLUTION_640_1024" } });
    expect(legacy.data[0]!.resolution).toBe("640x1024");
    const v3 = await client.v3.generate({ prompt: "p", resolution: "832x1216" });
    expect(v3.data[0]!.resolution).toBe("832x1216");
  });

  it("upscales to twice the input size and describes images", async () => {
    const upscaled = await client.legacy.upscale({ image_file: pngBytes(30, 20) });
    expect(upscaled.data[0]!.resolution).toBe("60x40");
    const described = await client.legacy.describe({ image_file: pngBytes() });
    expect(described.descriptions[0]!.text).toMatch(/gradient/);
  });

  it("records every request with its decoded params", async () => {
    const before = mock.requests.length;
    await client.v3.remix({ prompt: "r", image: pngBytes(), image_weight: 10, style_codes: ["aabbccdd"] });
    const recorded = mock.requests[before]!;
    expect(recorded.endpoint).toBe("v3.remix");
    expect(recorded.path).toBe("/v1/ideogram-v3/remix");
    expect(recorded.headers["api-key"]).toBe("test-key");
    expect(recorded.params).toMatchObject({ prompt: "r", image_weight: 10, style_codes: ["aabbccdd"] });
    expect(recorded.params.image).toBeInstanceOf(File);
  });

  it("refuses a request the schemas refuse, with a 400 { error } body", async () => {
    const response = await fetch(`${mock.baseURL}/v1/ideogram-v3/generate`, {
      method: "POST",
      headers: { "Api-Key": "k" },
      body: (() => {
        const form = new FormData();
        form.append("prompt", "p");
        form.append("num_images", "12");
        return form;
      })(),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/num_images: must be at most 8/);
  });

  it("answers 401 without an Api-Key, and 404 for an unknown path", async () => {
    const noKey = await fetch(`${mock.baseURL}/generate`, { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    expect(noKey.status).toBe(401);
    const unknown = await fetch(`${mock.baseURL}/v1/nothing`, { method: "POST", headers: { "Api-Key": "k" } });
    expect(unknown.status).toBe(404);
  });

  it("serves the gateway's /ideogram prefix too", async () => {
    const prefixed = new Ideogram({ apiKey: "k", baseURL: `${mock.baseURL}/ideogram` });
    const response = await prefixed.legacy.generate({ image_request: { prompt: "p", num_images: 3 } });
    expect(response.data).toHaveLength(3);
  });

  it("checks a required key when told to", async () => {
    const strict = await createMockServer({ apiKey: "right" });
    try {
      await expect(new Ideogram({ apiKey: "wrong", baseURL: strict.baseURL }).v3.generate({ prompt: "p" })).rejects.toMatchObject({
        name: "AuthenticationError",
        status: 401,
      });
      await expect(new Ideogram({ apiKey: "right", baseURL: strict.baseURL }).v3.generate({ prompt: "p" })).resolves.toBeTruthy();
    } finally {
      await strict.close();
    }
  });

  it("never sees an invalid call: the SDK refuses it first", async () => {
    const before = mock.requests.length;
    await expect(client.v3.generate({ prompt: "p", num_images: 12 })).rejects.toBeInstanceOf(ValidationError);
    expect(mock.requests.length).toBe(before);
  });
});
