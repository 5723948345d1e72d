/**
 * What the API answers, made from a (valid) request: shapes per endpoint, seeds, and resolutions taken from
 * the request. Shared by the mock server and the msw handlers (through `./core`).
 */
import type { EndpointName } from "../schemas/endpoints";

/** The size Ideogram renders for each aspect ratio (V3 `16x9` and legacy `ASPECT_16_9` alike). */
const SIZES: Record<string, [number, number]> = {
  "1x1": [1024, 1024], "16x9": [1312, 736], "9x16": [736, 1312], "4x3": [1152, 864], "3x4": [864, 1152],
  "3x2": [1248, 832], "2x3": [832, 1248], "16x10": [1280, 800], "10x16": [800, 1280], "1x3": [512, 1536],
  "3x1": [1536, 512], "1x2": [704, 1408], "2x1": [1408, 704], "4x5": [896, 1120], "5x4": [1120, 896],
};

/** Width and height of the images a request asks for. */
export function requestedSize(params: Record<string, unknown>, inputSize?: { width: number; height: number }): [number, number] {
  const request = (params.image_request as Record<string, unknown> | undefined) ?? params;
  const resolution = request.resolution;
  if (typeof resolution === "string") {
    const match = /(\d+)[x_](\d+)$/.exec(resolution);
    if (match) return [Number(match[1]), Number(match[2])];
  }
  const ratio = request.aspect_ratio;
  if (typeof ratio === "string") {
    const size = SIZES[ratio.replace(/^ASPECT_/, "").replace("_", "x")];
    if (size) return size;
  }
  if (inputSize) return [inputSize.width, inputSize.height];
  return [1024, 1024];
}

export interface MockImage {
  id: string;
  width: number;
  height: number;
  seed: number;
}

/** The JSON body of a successful answer, and the images it points at. */
export function answer(
  endpoint: EndpointName,
  params: Record<string, unknown>,
  options: {
    imageURL: (image: MockImage) => string;
    inputSize?: { width: number; height: number } | undefined;
    nextId: () => string;
    /** How many images, from the first, the safety check withholds (`is_image_safe: false`, `url: null`). */
    unsafe?: number | undefined;
  },
): { body: unknown; images: MockImage[] } {
  if (endpoint === "legacy.describe") {
    return { body: { descriptions: [{ text: "A smooth two-colour gradient, softly lit, with no text." }] }, images: [] };
  }
  const request = (params.image_request as Record<string, unknown> | undefined) ?? params;
  const count = typeof request.num_images === "number" ? request.num_images : 1;
  let [width, height] = requestedSize(params, options.inputSize);
  if (endpoint === "legacy.upscale") [width, height] = [width * 2, height * 2];
  const firstSeed = typeof request.seed === "number" ? request.seed : Math.floor(Math.random() * 2147483647);
  const withheld = (index: number) => index < (options.unsafe ?? 0);
  if (endpoint === "removeBackground") {
    if (withheld(0)) return { body: { created: new Date().toISOString(), data: [{ url: null, is_image_safe: false }] }, images: [] };
    const image = { id: options.nextId(), width, height, seed: firstSeed };
    return { body: { created: new Date().toISOString(), data: [{ url: options.imageURL(image), is_image_safe: true }] }, images: [image] };
  }
  if (endpoint === "v3.layerizeText") {
    // Its response has no safety flag (base_image_url is always a link), so `unsafe` does not apply.
    const image = { id: options.nextId(), width, height, seed: firstSeed };
    const url = options.imageURL(image);
    const block = { x: Math.round(width / 8), y: Math.round(height / 8), width: Math.round(width / 2), height: Math.round(height / 8) };
    return {
      body: {
        base_image_url: url,
        original_image_url: null,
        seed: firstSeed,
        text_blocks: [{ ...block, text: "MOCK TEXT", alignment: "center", formatting: ["bold"], font_name: "Inter", font_size: 48, color: "#FFFFFF", role: "heading" }],
      },
      images: [image],
    };
  }
  const images: MockImage[] = [];
  const data = Array.from({ length: count }, (_, index) => {
    const image = { id: options.nextId(), width, height, seed: (firstSeed + index) % 2147483648 };
    if (!withheld(index)) images.push(image);
    return {
      url: withheld(index) ? null : options.imageURL(image),
      prompt: typeof request.prompt === "string" ? request.prompt : "An image.",
      resolution: `${width}x${height}`,
      is_image_safe: !withheld(index),
      seed: image.seed,
      style_type: typeof request.style_type === "string" ? request.style_type : "GENERAL",
    };
  });
  return { body: { created: new Date().toISOString(), data }, images };
}
