/**
 * V3 Edit: POST /v1/ideogram-v3/edit (multipart), the gateway page's example.
 * The mask is black where the image is to change, white elsewhere, and the image's size.
 * (Ideogram now recommends its successor, /v1/ideogram-v3/inpaint, on its own API.)
 * Run: npx tsx examples/v3-edit.ts [image] [mask]
 */
import { readFile } from "node:fs/promises";
import { Ideogram } from "ideogram-sdk";
import { createMockServer } from "ideogram-sdk/testing";
import { centreMask, inputImage, saveImages } from "./_shared";

// The real API when a key is set; otherwise a mock server on 127.0.0.1 that answers like it.
const hasKey = Boolean(process.env.AIHUBMIX_API_KEY || process.env.IDEOGRAM_API_KEY);
const mock = hasKey ? undefined : await createMockServer();
const client = mock ? new Ideogram({ apiKey: "mock-key", baseURL: mock.baseURL }) : new Ideogram();
console.log(mock ? `No API key set: using the mock server at ${mock.baseURL}` : `Calling ${client.baseURL}`);

try {
  const image = await inputImage(client, process.argv[2]);
  const mask = process.argv[3] ? await readFile(process.argv[3]) : await centreMask(image);
  const response = await client.v3.edit({
    prompt: "remove text",
    rendering_speed: "DEFAULT",
    num_images: 1,
    seed: 1,
    aspect_ratio: "16x9", // documented by the gateway's page only
    magic_prompt: "AUTO",
    style_type: "AUTO",
    negative_prompt: "blurry, bad anatomy, watermark", // documented by the gateway's page only
    image,
    mask,
  });
  await saveImages(response, "v3-edit");
} finally {
  await mock?.close();
}
