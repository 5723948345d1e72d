/**
 * Image type and dimension sniffing from header bytes.
 *
 * Pure byte inspection (no decoding, no Node APIs) so it runs unchanged on
 * Node, Deno, Bun, workerd and Vercel Edge. Every read is bounds-checked:
 * truncated or unrecognised input yields `undefined`, never an exception.
 */

export type ImageMediaType = "image/png" | "image/jpeg" | "image/webp";

/**
 * How many leading bytes `sniffImageType` needs (WebP needs 12; the rest is
 * headroom). `readImageSize` needs 24 bytes for PNG and 30 for WebP, but for
 * JPEG it must walk every segment before the SOF marker (EXIF, ICC profiles
 * and thumbnails can be tens of KiB), so callers pass up to 64 KiB.
 */
export const SNIFF_BYTES = 32;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG_SOI = [0xff, 0xd8, 0xff];
const VP8_START_CODE = [0x9d, 0x01, 0x2a];

export function sniffImageType(head: Uint8Array): ImageMediaType | undefined {
  if (matches(head, 0, PNG_SIGNATURE)) return "image/png";
  if (matches(head, 0, JPEG_SOI)) return "image/jpeg";
  if (matchesText(head, 0, "RIFF") && matchesText(head, 8, "WEBP")) return "image/webp";
  return undefined;
}

/**
 * Pixel dimensions from the file header, or `undefined` when the bytes are
 * truncated, corrupt or not PNG/JPEG/WebP. JPEG sizes are the stored ones:
 * an EXIF orientation (rotation) is not applied.
 */
export function readImageSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  switch (sniffImageType(bytes)) {
    case "image/png":
      return pngSize(bytes);
    case "image/jpeg":
      return jpegSize(bytes);
    case "image/webp":
      return webpSize(bytes);
    default:
      return undefined;
  }
}

function pngSize(b: Uint8Array) {
  // IHDR is always the first chunk: length(4) "IHDR" width(4) height(4), big-endian.
  if (b.length < 24 || !matchesText(b, 12, "IHDR")) return undefined;
  return size(be32(b, 16), be32(b, 20));
}

// SOF0..SOF15 carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but don't.
const isStartOfFrame = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

function jpegSize(b: Uint8Array) {
  let o = 2; // after SOI (FF D8)
  while (o < b.length) {
    if (b[o] !== 0xff) return undefined; // a segment must start with a marker
    while (b[o] === 0xff) o++; // any number of FF fill bytes may precede a marker
    const marker = b[o++];
    if (marker === undefined) return undefined;
    // Standalone markers (TEM, RST0-7, SOI) have no length field.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) continue;
    // EOI, SOS (entropy-coded data follows) or stuffed 00 before any SOF: nothing to find.
    if (marker === 0xd9 || marker === 0xda || marker === 0x00) return undefined;
    if (o + 2 > b.length) return undefined;
    const length = be16(b, o); // includes the two length bytes
    if (length < 2) return undefined;
    if (isStartOfFrame(marker)) {
      // length(2) precision(1) height(2) width(2)
      if (o + 7 > b.length) return undefined;
      return size(be16(b, o + 5), be16(b, o + 3));
    }
    o += length;
  }
  return undefined;
}

function webpSize(b: Uint8Array) {
  // "RIFF" size(4) "WEBP", then the first chunk: fourcc(4) size(4) payload from offset 20.
  if (matchesText(b, 12, "VP8 ")) {
    // Lossy: frame tag(3, bit 0 clear = key frame), start code 9D 01 2A,
    // then 16-bit width/height whose top 2 bits are an upscaling hint.
    if (b.length < 30 || (b[20]! & 1) !== 0 || !matches(b, 23, VP8_START_CODE)) return undefined;
    return size(le16(b, 26) & 0x3fff, le16(b, 28) & 0x3fff);
  }
  if (matchesText(b, 12, "VP8L")) {
    // Lossless: signature 2F, then width-1 and height-1 packed as 14 bits each (LSB first).
    if (b.length < 25 || b[20] !== 0x2f) return undefined;
    const bits = le32(b, 21);
    return size((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
  }
  if (matchesText(b, 12, "VP8X")) {
    // Extended: flags(1) reserved(3), then canvas width-1 and height-1 as 24-bit LE.
    if (b.length < 30) return undefined;
    return size(le24(b, 24) + 1, le24(b, 27) + 1);
  }
  return undefined;
}

// A zero dimension is invalid for PNG/WebP and means "defined later by DNL" for JPEG: unknown either way.
function size(width: number, height: number) {
  return width > 0 && height > 0 ? { width, height } : undefined;
}

function matches(b: Uint8Array, offset: number, expected: readonly number[]): boolean {
  if (b.length < offset + expected.length) return false;
  return expected.every((byte, i) => b[offset + i] === byte);
}

function matchesText(b: Uint8Array, offset: number, text: string): boolean {
  return matches(b, offset, Array.from(text, (c) => c.charCodeAt(0)));
}

// Callers bounds-check before reading, hence the non-null assertions.
const be16 = (b: Uint8Array, o: number) => (b[o]! << 8) | b[o + 1]!;
const be32 = (b: Uint8Array, o: number) => ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
const le16 = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8);
const le24 = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16);
const le32 = (b: Uint8Array, o: number) => (le24(b, o) | (b[o + 3]! << 24)) >>> 0;
