/**
 * V3 Reframe: POST /v1/ideogram-v3/reframe (multipart). The gateway prices it but shows no example; this
 * follows Ideogram's reference: a square image and a target resolution, no prompt.
 * Run: npx tsx examples/v3-reframe.ts [square-image]
 */
import { runExample, inputImage } from "./_shared";

await runExample("v3-reframe", async (client) => {
  const image = await inputImage(client, process.argv[2]);
  return client.v3.reframe({
    image,
    resolution: "1312x736", // one of the 69 V3 resolutions (about 16:9)
    rendering_speed: "TURBO",
    num_images: 1,
  });
});
