/**
 * Plumbing shared by the examples: find or make an input image, build a black-and-white PNG mask, and save
 * results under out/examples/ (git-ignored).
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { basename, join, relative } from "node:path";
import { crc32, deflateSync } from "node:zlib";
import { toFile, type Ideogram, type ImageResponse } from "ideogram-sdk";

const outDir = join(import.meta.dirname, "..", "out", "examples");

/** The image at `path` (e.g. process.argv[2]); without one, a square image generated at TURBO speed. */
export async function inputImage(client: Ideogram, path?: string): Promise<File> {
  if (path) return toFile(await readFile(path), basename(path));
  console.log("No image given: generating one (v3.generate, TURBO, 1x1)");
  const made = await client.v3.generate({ prompt: "A red fox sitting in a snowy forest, soft morning light", rendering_speed: "TURBO", aspect_ratio: "1x1" });
  const url = made.data[0]?.url;
  if (!url) throw new Error("The generated image was withheld by the safety check; pass an image path instead.");
  return toFile(await download(url), "input.png");
}

/** Width and height from a PNG's header (the API's images are PNG). */
export function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 24 || view.getUint32(0) !== 0x89504e47) throw new Error("Not a PNG: pass a PNG image to build a mask for.");
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** A grayscale PNG mask of the given size: white everywhere, black (the area to change) inside `rect`. */
export function maskPNG(width: number, height: number, rect: { x: number; y: number; width: number; height: number }): Uint8Array {
  const rows = Buffer.alloc((width + 1) * height, 0xff);
  for (let y = 0; y < height; y++) {
    rows[y * (width + 1)] = 0; // filter type None
    if (y >= rect.y && y < rect.y + rect.height) rows.fill(0, y * (width + 1) + 1 + rect.x, y * (width + 1) + 1 + rect.x + rect.width);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit grayscale
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk("IHDR", header), chunk("IDAT", deflateSync(rows)), chunk("IEND", Buffer.alloc(0))]);
}

/** A mask for `image` whose middle half (a quarter of the area) is black. */
export async function centreMask(image: Blob): Promise<File> {
  const { width, height } = pngSize(new Uint8Array(await image.arrayBuffer()));
  const rect = { x: Math.floor(width / 4), y: Math.floor(height / 4), width: Math.floor(width / 2), height: Math.floor(height / 2) };
  const mask = maskPNG(width, height, rect);
  await writeOut("mask.png", mask);
  return toFile(mask, "mask.png");
}

/** Downloads every image of a response (the API's links are temporary) into out/examples/. */
export async function saveImages(response: ImageResponse, name: string): Promise<void> {
  for (const [index, image] of response.data.entries()) {
    if (!image.url) {
      console.log(`  image ${index + 1} was withheld by the safety check (is_image_safe: false)`);
      continue;
    }
    await writeOut(`${name}-${index + 1}.png`, await download(image.url));
    console.log(`    ${image.resolution}, seed ${image.seed}, prompt: ${JSON.stringify(image.prompt.slice(0, 80))}`);
  }
}

async function download(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Downloading ${url} failed: ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function writeOut(name: string, bytes: Uint8Array): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const path = join(outDir, name);
  await writeFile(path, bytes);
  console.log(`  saved ${relative(process.cwd(), path)}`);
}
