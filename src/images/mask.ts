/**
 * Edit masks: black where the image is to change, white elsewhere, the image's size. Helpers to make one,
 * and the checks run before an edit is sent. Pure JS (PNG via CompressionStream), for every runtime.
 */
import { ValidationError, type ValidationIssue } from "../core/errors";
import type { FileLike } from "../uploads/uploadable";
import { decodePNG, encodePNG } from "./png";
import { readImageSize, sniffImageType } from "./sniff";

export interface MaskRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A white PNG mask of the given size with the rectangles (the areas to change) in black. */
export async function createMask(options: { width: number; height: number; rects: MaskRect[] }): Promise<File> {
  const { width, height, rects } = options;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new ValidationError([{ path: "width/height", message: `must be whole numbers of at least 1 (got ${width}x${height})` }]);
  }
  const data = new Uint8Array(width * height).fill(255);
  rects.forEach((rect, index) => {
    const x0 = Math.max(0, Math.floor(rect.x));
    const y0 = Math.max(0, Math.floor(rect.y));
    const x1 = Math.min(width, Math.ceil(rect.x + rect.width));
    const y1 = Math.min(height, Math.ceil(rect.y + rect.height));
    if (!(x1 > x0 && y1 > y0)) {
      throw new ValidationError([{ path: `rects.${index}`, message: `does not cover any pixel of the ${width}x${height} mask` }]);
    }
    for (let y = y0; y < y1; y++) data.fill(0, y * width + x0, y * width + x1);
  });
  const png = await encodePNG({ width, height, channels: 1, data });
  return new File([png as Uint8Array<ArrayBuffer>], "mask.png", { type: "image/png" });
}

/** A mask from a PNG's alpha channel: its transparent pixels (alpha < 128) become black, the rest white. */
export async function maskFromAlpha(image: Blob | Uint8Array | ArrayBuffer): Promise<File> {
  const bytes = image instanceof Blob ? new Uint8Array(await image.arrayBuffer()) : new Uint8Array(image as ArrayBuffer);
  if (sniffImageType(bytes) !== "image/png") {
    throw new ValidationError([{ path: "image", message: "maskFromAlpha needs a PNG with an alpha channel" }]);
  }
  const decoded = await decodePNG(bytes);
  if (decoded.channels !== 2 && decoded.channels !== 4) {
    throw new ValidationError([{ path: "image", message: "has no alpha channel (no transparent pixels to turn into a mask)" }]);
  }
  const pixels = decoded.width * decoded.height;
  const data = new Uint8Array(pixels);
  for (let index = 0; index < pixels; index++) {
    data[index] = decoded.data[index * decoded.channels + decoded.channels - 1]! < 128 ? 0 : 255;
  }
  const png = await encodePNG({ width: decoded.width, height: decoded.height, channels: 1, data });
  return new File([png as Uint8Array<ArrayBuffer>], "mask.png", { type: "image/png" });
}

const HEAD_BYTES = 65_536;
/** Decoding a mask costs memory; PNG masks up to this size are checked pixel by pixel. */
const MAX_DECODED_MASK_BYTES = 25 * 1024 * 1024;
/** How far from pure black or white a pixel may be (anti-aliased edges). */
const TOLERANCE = 16;

/**
 * Checks what is cheap to check before sending: the mask has the image's size, and (for a PNG mask) it is
 * black and white and not all white. Returns the problems found.
 */
export async function checkMask(mask: FileLike, image: FileLike, paths: { mask: string; image: string }): Promise<ValidationIssue[]> {
  const maskHead = new Uint8Array(await mask.slice(0, HEAD_BYTES).arrayBuffer());
  const imageHead = new Uint8Array(await image.slice(0, HEAD_BYTES).arrayBuffer());
  const maskSize = readImageSize(maskHead);
  const imageSize = readImageSize(imageHead);
  if (maskSize && imageSize && (maskSize.width !== imageSize.width || maskSize.height !== imageSize.height)) {
    return [{
      path: paths.mask,
      message: `must be the same size as ${paths.image} (mask ${maskSize.width}x${maskSize.height}, ${paths.image} ${imageSize.width}x${imageSize.height})`,
    }];
  }
  if (sniffImageType(maskHead) !== "image/png" || mask.size > MAX_DECODED_MASK_BYTES) return [];
  let decoded;
  try {
    decoded = await decodePNG(new Uint8Array(await mask.arrayBuffer()));
  } catch {
    return []; // a PNG this decoder does not read (16-bit, interlaced): the server decides
  }
  const { width, height, channels, data } = decoded;
  let black = 0;
  for (let pixel = 0; pixel < width * height; pixel++) {
    const offset = pixel * channels;
    const colour = channels >= 3 ? [data[offset]!, data[offset + 1]!, data[offset + 2]!] : [data[offset]!];
    if (colour.every((value) => value <= TOLERANCE)) black++;
    else if (!colour.every((value) => value >= 255 - TOLERANCE)) {
      const x = pixel % width;
      const y = Math.floor(pixel / width);
      return [{ path: paths.mask, message: `must be black and white only (pixel ${x},${y} is ${channels >= 3 ? `rgb(${colour.join(", ")})` : `gray ${colour[0]}`})` }];
    }
  }
  if (black === 0) return [{ path: paths.mask, message: "is all white: paint the area to change in black" }];
  return [];
}
