/**
 * What a call prints, by the shape of its response: images are saved into --out and their paths printed one
 * a line (stdout); describe prints its descriptions; layerize saves the base image and prints the text
 * blocks. With --json, stdout is the response JSON alone and the saved paths go to stderr.
 */
import { saveImages } from "../results/save";
import type { GeneratedImage, LayerizeTextResponse, TextBlock } from "../schemas/responses";
import type { Progress } from "./progress";

export interface OutputOptions {
  json: boolean;
  save: boolean;
  out: string;
  /** The command's name in file names of images without a seed (`remove-background`). */
  slug: string;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  progress: Progress;
}

interface ImageItem {
  url?: string | null;
  is_image_safe?: boolean;
  seed?: number;
}

export async function printResult(response: unknown, options: OutputOptions): Promise<void> {
  const body = response as Record<string, unknown>;
  options.progress.stop();
  if (options.json) options.stdout.write(`${JSON.stringify(response, null, 2)}\n`);
  const line = (text: string) => (options.json ? options.stderr : options.stdout).write(`${text}\n`);

  if (Array.isArray(body.descriptions)) {
    if (!options.json) for (const description of body.descriptions as { text: string }[]) line(description.text);
    return;
  }
  if (typeof body.base_image_url === "string") {
    const layers = body as unknown as LayerizeTextResponse;
    await saveAll({ created: new Date().toISOString(), data: [{ url: layers.base_image_url, seed: layers.seed, is_image_safe: true }] }, options, "base image", "-base");
    if (!options.json) {
      layers.text_blocks.forEach((block, index) => line(textBlockLine(block, index)));
      if (!layers.text_blocks.length) line("(no text found)");
    }
    return;
  }
  if (Array.isArray(body.data)) {
    await saveAll({ created: typeof body.created === "string" ? body.created : new Date().toISOString(), data: body.data as ImageItem[] }, options, "image");
  }
}

async function saveAll(response: { created: string; data: ImageItem[] }, options: OutputOptions, what: string, suffix = ""): Promise<void> {
  const line = (text: string) => (options.json ? options.stderr : options.stdout).write(`${text}\n`);
  const withheld = (index: number) =>
    options.stderr.write(`${what} ${index + 1} was withheld by the safety check (is_image_safe: false); it is billed all the same.\n`);
  if (!options.save) {
    response.data.forEach((image, index) => (image.url && image.is_image_safe !== false ? !options.json && line(image.url) : withheld(index)));
    return;
  }
  options.progress.update(`downloading ${response.data.length} ${what}${response.data.length === 1 ? "" : "s"}`);
  const stamp = response.created.replace(/[-:]|\.\d+/g, "").replace(/\+.*$/, "");
  const paths = await saveImages(response as { created: string; data: GeneratedImage[] }, options.out, {
    // As the SDK names them (ideogram-<created>-<n>-<seed>), with the command's name for images without a seed.
    name: (image, index, extension) => `ideogram-${stamp}-${index + 1}-${(image.seed as number | undefined) ?? options.slug}${suffix}.${extension}`,
  });
  options.progress.stop();
  paths.forEach((path, index) => (path ? line(path) : withheld(index)));
}

function textBlockLine(block: TextBlock, index: number): string {
  const font = [block.font_name, block.font_size !== undefined ? `${block.font_size}pt` : undefined, block.color, block.role].filter(Boolean).join(", ");
  return `text ${index + 1} at ${block.x},${block.y} ${block.width}x${block.height}${font ? ` (${font})` : ""}: ${JSON.stringify(block.text)}`;
}
