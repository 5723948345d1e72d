/**
 * Legacy Remix: POST /remix, multipart with image_request as one JSON part and image_file; the gateway
 * page's example. The image is cropped to the chosen aspect ratio before remixing.
 * Run: npx tsx examples/legacy-remix.ts [image]
 */
import { runExample, inputImage } from "./_shared";

await runExample("legacy-remix", async (client) => {
  const image = await inputImage(client, process.argv[2]);
  return client.legacy.remix({
    image_request: {
      prompt: "watercolor",
      aspect_ratio: "ASPECT_10_16",
      image_weight: 50,
      magic_prompt_option: "ON",
      model: "V_2",
    },
    image_file: image,
  });
});
