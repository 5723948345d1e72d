/**
 * `npm run demo`: generates images through the SDK and saves them under out/demo/.
 * With AIHUBMIX_API_KEY (or IDEOGRAM_API_KEY) set it calls the real API; otherwise it starts the embedded
 * mock server from `ideogram-sdk/testing`, which answers like the API with real PNG bytes.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { Ideogram, type ImageResponse } from "ideogram-sdk";
import { createMockServer } from "ideogram-sdk/testing";

const outDir = join(import.meta.dirname, "..", "out", "demo");
const hasKey = Boolean(process.env.AIHUBMIX_API_KEY || process.env.IDEOGRAM_API_KEY);
const mock = hasKey ? undefined : await createMockServer();
const client = mock ? new Ideogram({ apiKey: "mock-key", baseURL: mock.baseURL }) : new Ideogram();

console.log(mock ? `No API key set: using the embedded mock server at ${mock.baseURL}` : `Calling ${client.baseURL}`);

/** Saves every safe image of a response; the API's links are temporary. */
async function save(response: ImageResponse, name: string): Promise<{ path: string; bytes: Uint8Array }[]> {
  await mkdir(outDir, { recursive: true });
  const saved: { path: string; bytes: Uint8Array }[] = [];
  for (const [index, image] of response.data.entries()) {
    if (!image.url) {
      console.log(`  image ${index + 1} was withheld by the safety check`);
      continue;
    }
    const download = await fetch(image.url);
    if (!download.ok) throw new Error(`Downloading ${image.url} failed: ${download.status}`);
    const bytes = new Uint8Array(await download.arrayBuffer());
    const path = join(outDir, `${name}-${index + 1}.png`);
    await writeFile(path, bytes);
    saved.push({ path, bytes });
    console.log(`  saved ${relative(process.cwd(), path)} (${image.resolution}, seed ${image.seed})`);
  }
  return saved;
}

try {
  console.log("1. v3.generate: two 16x9 images at TURBO speed");
  const generated = await client.v3.generate({
    prompt: 'A lighthouse at dusk, the words "Ideogram SDK" painted on its side',
    aspect_ratio: "16x9",
    rendering_speed: "TURBO",
    num_images: 2,
  });
  const [first] = await save(generated, "generate");

  if (first) {
    console.log("2. v3.remix of the first image");
    const remixed = await client.v3.remix({ prompt: "The same lighthouse in watercolour", image: first.bytes, image_weight: 60, rendering_speed: "TURBO" });
    await save(remixed, "remix");

    console.log("3. legacy.describe of the first image");
    const described = await client.legacy.describe({ image_file: first.bytes });
    for (const { text } of described.descriptions) console.log(`  "${text}"`);
  }
} finally {
  await mock?.close();
}
