/**
 * V3 Generate: POST /v1/ideogram-v3/generate (multipart), the gateway page's example.
 * Run: npx tsx examples/v3-generate.ts
 */
import { runExample } from "./_shared";

await runExample("v3-generate", async (client) => {
  return client.v3.generate({
    prompt:
      "Delicate 3D cover design with various combat machines flying from an portal. The machines have different shapes, " +
      "sizes, and colors. The portal is emitting swirling energy. The background contains a futuristic city with tall " +
      'buildings. The text "One Gateway, Infinite Models" is placed in the center with neon lights, expansive view, ' +
      "cinematic lighting, vivid color, bright tone. clean text, cyber punk, smooth render",
    rendering_speed: "QUALITY",
    num_images: 2,
    aspect_ratio: "2x1",
  });
});
