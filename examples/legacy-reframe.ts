/**
 * Legacy Reframe (Ideogram's API): POST /reframe, a square image to a RESOLUTION_W_H with a legacy model.
 * Run: npx tsx examples/legacy-reframe.ts [square-image]
 */
import { inputImage, runExample } from "./_shared";

await runExample(
  "legacy-reframe",
  async (client) => {
    const image = await inputImage(client, process.argv[2]);
    return client.legacy.reframe({ image_file: image, resolution: "RESOLUTION_1280_768", model: "V_2_TURBO" });
  },
  { provider: "ideogram" },
);
