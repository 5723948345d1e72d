/**
 * Plumbing shared by the examples: a client (the real API when a key is set, else the mock server from
 * `ideogram-sdk/testing`), an input image, a mask, and saving results under out/examples/ (git-ignored).
 */
import { join, relative } from "node:path";
import { Ideogram, createMask, downloadImages, saveImages, type ImageLinks } from "ideogram-sdk";
import { createMockServer } from "ideogram-sdk/testing";

const outDir = join(import.meta.dirname, "..", "out", "examples");

/**
 * Runs an example against the API (or the mock server) and saves the images its call returns. The endpoints
 * only Ideogram documents run with `provider: "ideogram"` (IDEOGRAM_API_KEY).
 */
export async function runExample(
  name: string,
  call: (client: Ideogram) => Promise<ImageLinks | void>,
  options: { provider?: "aihubmix" | "ideogram" } = {},
): Promise<void> {
  const hasKey = Boolean(process.env.AIHUBMIX_API_KEY || process.env.IDEOGRAM_API_KEY);
  const mock = hasKey ? undefined : await createMockServer();
  const client = mock ? new Ideogram({ apiKey: "mock-key", baseURL: mock.baseURL, ...options }) : new Ideogram(options);
  console.log(mock ? `No API key set: using the mock server at ${mock.baseURL}` : `Calling ${client.baseURL}`);
  try {
    const response = await call(client);
    if (!response) return;
    const paths = await saveImages(response, outDir, { name: (_, index, extension) => `${name}-${index + 1}.${extension}` });
    paths.forEach((path, index) => {
      const image = response.data[index]!;
      if (!path) console.log(`  image ${index + 1} was withheld by the safety check (is_image_safe: false)`);
      else console.log(`  saved ${relative(process.cwd(), path)}${image.seed === undefined ? "" : ` (seed ${image.seed})`}`);
    });
  } finally {
    await mock?.close();
  }
}

/** The image at `path` (sent from disk as it is); without one, a square image generated at TURBO speed. */
export async function inputImage(client: Ideogram, path?: string): Promise<Blob | string> {
  if (path) return path;
  console.log("No image given: generating one (v3.generate, TURBO, 1x1)");
  const made = await client.v3.generate({ prompt: "A red fox sitting in a snowy forest, soft morning light", rendering_speed: "TURBO", aspect_ratio: "1x1" });
  const [image] = await downloadImages(made);
  if (!image) throw new Error("The generated image was withheld by the safety check; pass an image path instead.");
  return image;
}

/** A mask for a PNG image whose middle half (a quarter of the area) is black: the area to change. */
export async function centreMask(image: Blob | string): Promise<File> {
  const head = typeof image === "string" ? await import("node:fs/promises").then((fs) => fs.readFile(image)) : new Uint8Array(await image.arrayBuffer());
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  if (head.length < 24 || view.getUint32(0) !== 0x89504e47) throw new Error("Not a PNG: pass a mask too, or a PNG image to draw one for.");
  const [width, height] = [view.getUint32(16), view.getUint32(20)];
  return createMask({ width, height, rects: [{ x: width / 4, y: height / 4, width: width / 2, height: height / 2 }] });
}
