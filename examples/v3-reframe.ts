/**
 * V3 Reframe: POST /v1/ideogram-v3/reframe (multipart). The gateway prices it but shows no example; this
 * follows Ideogram's reference: a square image and a target resolution, no prompt.
 * Run: npx tsx examples/v3-reframe.ts [square-image]
 */
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
  const response = await client.v3.reframe({
    image,
    resolution: "1312x736", // one of the 69 V3 resolutions (about 16:9)
    rendering_speed: "TURBO",
    num_images: 1,
  });
  await saveImages(response, "v3-reframe");
} finally {
  await mock?.close();
}
