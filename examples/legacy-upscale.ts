/**
 * Legacy Upscale: POST /upscale, multipart with image_request as one JSON part and image_file; the
 * gateway page's example sends image_request "{}". Leaving image_request out does the same: the SDK
 * sends {} (the API requires the part). Add prompt, resemblance, detail, ... inside it to steer.
 * Run: npx tsx examples/legacy-upscale.ts [image]
 */
import { runExample, inputImage } from "./_shared";

await runExample("legacy-upscale", async (client) => {
  const image = await inputImage(client, process.argv[2]);
  const response = await client.legacy.upscale({ image_file: image });
  return response;
});
