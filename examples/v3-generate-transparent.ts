/**
 * V3 Generate Transparent (Ideogram's API): POST /v1/ideogram-v3/generate-transparent. X2 and X4 cost more;
 * FLASH is refused by this endpoint.
 * Run: npx tsx examples/v3-generate-transparent.ts
 */
import { runExample } from "./_shared";

await runExample(
  "v3-generate-transparent",
  (client) => client.v3.generateTransparent({ prompt: "A sticker of a smiling fox, thick white outline", upscale_factor: "X1", aspect_ratio: "1x1", rendering_speed: "TURBO" }),
  { provider: "ideogram" },
);
