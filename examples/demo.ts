/**
 * `npm run demo`: generates images through the SDK and saves them under out/demo/.
 * With AIHUBMIX_API_KEY (or IDEOGRAM_API_KEY) set it calls the real API; otherwise it starts the embedded
 * mock server from `ideogram-sdk/testing`, which answers like the API with real PNG bytes.
 */
import { readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { Ideogram, saveImages, type ImageResponse } from "ideogram-sdk";
import { createMockServer } from "ideogram-sdk/testing";

const outDir = join(import.meta.dirname, "..", "out", "demo");
const hasKey = Boolean(process.env.AIHUBMIX_API_KEY || process.env.IDEOGRAM_API_KEY);
const mock = hasKey ? undefined : await createMockServer();
const client = mock ? new Ideogram({ apiKey: "mock-key", baseURL: mock.baseURL }) : new Ideogram();

console.log(mock ? `No API key set: using the embedded mock server at ${mock.baseURL}` : `Calling ${client.baseURL} (provider ${client.provider})`);

/** Saves every image of a response (the API's links are temporary) and prints where. */
async function save(response: ImageResponse, name: string): Promise<string[]> {
  const paths = await saveImages(response, outDir, { name: (_, index, extension) => `${name}-${index + 1}.${extension}` });
  paths.forEach((path, index) => {
    const image = response.data[index]!;
    if (path) console.log(`  saved ${relative(process.cwd(), path)} (${image.resolution}, seed ${image.seed})`);
    else console.log(`  image ${index + 1} was withheld by the safety check`);
  });
  return paths.filter((path): path is string => path !== null);
}

function price(estimate: { usd: number | undefined; reason?: string }): string {
  return estimate.usd === undefined ? `price not published (${estimate.reason})` : `$${estimate.usd.toFixed(3)}`;
}

try {
  const generate = {
    prompt: 'A lighthouse at dusk, the words "Ideogram SDK" painted on its side',
    aspect_ratio: "16x9",
    rendering_speed: "TURBO",
    num_images: 2,
  } as const;
  console.log(`1. v3.generate: two 16x9 images at TURBO speed, estimated ${price(client.estimateCost("v3.generate", generate))}`);
  const [first] = await save(await client.v3.generate(generate), "generate");

  if (first) {
    const remix = { prompt: "The same lighthouse in watercolour", image_weight: 60, rendering_speed: "TURBO" } as const;
    console.log(`2. v3.remix of the first image, estimated ${price(client.estimateCost("v3.remix", remix))}`);
    await save(await client.v3.remix({ ...remix, image: first }), "remix");

    console.log(`3. legacy.describe of the first image, estimated ${price(client.estimateCost("legacy.describe", {}))}`);
    const described = await client.legacy.describe({ image_file: await readFile(first) });
    for (const { text } of described.descriptions) console.log(`  "${text}"`);
  }
  const { requests, images, usd } = client.usage;
  console.log(`Done: ${requests} requests, ${images} images, estimated $${usd.toFixed(3)} in all.`);
} finally {
  await mock?.close();
}
