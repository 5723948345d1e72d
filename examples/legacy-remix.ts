/**
 * Legacy Remix: POST /remix, multipart with image_request as one JSON part and image_file; the gateway
 * page's example. The image is cropped to the chosen aspect ratio before remixing.
 * Run: npx tsx examples/legacy-remix.ts [image]
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
  const response = await client.legacy.remix({
    image_request: {
      prompt: "watercolor",
      aspect_ratio: "ASPECT_10_16",
      image_weight: 50,
      magic_prompt_option: "ON",
      model: "V_2",
    },
    image_file: image,
  });
  await saveImages(response, "legacy-remix");
} finally {
  await mock?.close();
}
