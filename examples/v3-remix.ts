/**
 * V3 Remix: POST /v1/ideogram-v3/remix (multipart), the gateway page's example.
 * Run: npx tsx examples/v3-remix.ts [image] [style-reference-image]
 */
import { readFile } from "node:fs/promises";
import { Ideogram } from "ideogram-sdk";
import { createMockServer } from "ideogram-sdk/testing";
import { inputImage, saveImages } from "./_shared";

// The real API when a key is set; otherwise a mock server on 127.0.0.1 that answers like it.
const hasKey = Boolean(process.env.AIHUBMIX_API_KEY || process.env.IDEOGRAM_API_KEY);
const mock = hasKey ? undefined : await createMockServer();
const client = mock ? new Ideogram({ apiKey: "mock-key", baseURL: mock.baseURL }) : new Ideogram();
console.log(mock ? `No API key set: using the mock server at ${mock.baseURL}` : `Calling ${client.baseURL}`);

try {
  const image = await inputImage(client, process.argv[2]);
  const styleReference = process.argv[3] ? await readFile(process.argv[3]) : undefined;
  const response = await client.v3.remix({
    prompt: "bird playing with a cat in the snow, pixel art style",
    image_weight: 60,
    rendering_speed: "QUALITY",
    num_images: 1,
    seed: 1,
    aspect_ratio: "16x9",
    magic_prompt: "AUTO",
    style_type: "AUTO",
    negative_prompt: "blurry, bad anatomy, watermark",
    image,
    ...(styleReference && { style_reference_images: styleReference }),
  });
  await saveImages(response, "v3-remix");
} finally {
  await mock?.close();
}
