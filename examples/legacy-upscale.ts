/**
 * Legacy Upscale: POST /upscale, multipart with image_request as one JSON part and image_file; the
 * gateway page's example sends image_request "{}". Leaving image_request out does the same: the SDK
 * sends {} (the API requires the part). Add prompt, resemblance, detail, ... inside it to steer.
 * Run: npx tsx examples/legacy-upscale.ts [image]
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
  const response = await client.legacy.upscale({ image_file: image });
  await saveImages(response, "legacy-upscale");
} finally {
  await mock?.close();
}
