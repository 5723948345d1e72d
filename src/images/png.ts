/**
 * Minimal PNG encoder/decoder for 8-bit raw pixels.
 *
 * Uses only web APIs (CompressionStream/DecompressionStream, Response,
 * Uint8Array, DataView) so it runs unchanged on Node 20+, Deno, Bun,
 * Cloudflare workerd and Vercel Edge.
 */

/** 8-bit samples, row-major, no row padding. channels: 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA. */
export interface RawImage {
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
  data: Uint8Array;
}

export interface EncodePNGOptions {
  /**
   * Compresses the filtered scanlines into a zlib stream (RFC 1950, not raw
   * deflate). Defaults to CompressionStream("deflate"); pass e.g. Node's
   * `zlib.deflateSync` or fflate's `zlibSync` for a higher compression level.
   */
  deflate?: (raw: Uint8Array) => Promise<Uint8Array> | Uint8Array;
}

const PNG_SIGNATURE = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const MAX_DIMENSION = 0x7fffffff; // PNG stores dimensions as 31-bit integers
const COLOR_TYPE_BY_CHANNELS = { 1: 0, 2: 4, 3: 2, 4: 6 } as const;
const SAMPLES_BY_COLOR_TYPE: Partial<Record<number, 1 | 2 | 3 | 4>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

export async function encodePNG(image: RawImage, options: EncodePNGOptions = {}): Promise<Uint8Array> {
  const { width, height, channels, data } = image;
  checkDimension("width", width);
  checkDimension("height", height);
  const colorType = COLOR_TYPE_BY_CHANNELS[channels];
  if (colorType === undefined) throw new RangeError(`encodePNG: channels must be 1, 2, 3 or 4, got ${channels}`);
  const stride = width * channels;
  if (data?.length !== stride * height) {
    throw new RangeError(
      `encodePNG: data length must be width*height*channels = ${stride * height}, got ${data?.length}`,
    );
  }

  // Every scanline gets filter type 0 (None): simplest, always valid, and deflate copes well enough.
  const raw = new Uint8Array((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw.set(data.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  const deflate = options.deflate ?? ((bytes: Uint8Array) => transform(bytes, new CompressionStream("deflate")));

  const ihdr = new Uint8Array(13); // compression, filter and interlace method stay 0
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = colorType;

  return concat([PNG_SIGNATURE, chunk("IHDR", ihdr), chunk("IDAT", await deflate(raw)), chunk("IEND", new Uint8Array(0))]);
}

/**
 * Decodes a non-interlaced PNG to 8-bit samples. Supported: bit depth 8 for
 * colour types 0, 2, 3, 4, 6 and bit depth 1/2/4 for gray (scaled to 0..255)
 * and palette. Palette images expand to RGB, or RGBA when a tRNS chunk is
 * present; a tRNS colour key likewise adds an alpha channel to gray/RGB.
 * Throws an Error for anything malformed or unsupported.
 */
export async function decodePNG(bytes: Uint8Array): Promise<RawImage> {
  if (!startsWith(bytes, PNG_SIGNATURE)) throw new Error("decodePNG: not a PNG (bad signature)");
  const chunks = readChunks(bytes);
  const header = parseHeader(chunks[0]);
  const find = (type: string) => chunks.find((c) => c.type === type)?.data;
  const palette = find("PLTE");
  if (header.colorType === 3 && (!palette || palette.length === 0 || palette.length > 768 || palette.length % 3 !== 0)) {
    throw new Error("decodePNG: palette image without a valid PLTE chunk");
  }
  const idat = concat(chunks.filter((c) => c.type === "IDAT").map((c) => c.data));
  if (idat.length === 0) throw new Error("decodePNG: no IDAT chunk");

  const bitsPerPixel = header.bitDepth * header.samples;
  const stride = Math.ceil((header.width * bitsPerPixel) / 8);
  const expected = (stride + 1) * header.height;
  let inflated: Uint8Array;
  try {
    inflated = await transform(idat, new DecompressionStream("deflate"));
  } catch (cause) {
    throw new Error("decodePNG: corrupt zlib data in IDAT", { cause });
  }
  // Extra trailing data is tolerated (as libpng does); missing data is not.
  if (inflated.length < expected) {
    throw new Error(`decodePNG: truncated image data (${inflated.length} of ${expected} bytes)`);
  }
  // Filters work on whole bytes: sub-byte depths use the previous byte.
  const pixels = unfilter(inflated, header.height, stride, Math.max(1, bitsPerPixel >> 3));
  return expand(pixels, header, stride, palette, find("tRNS"));
}

interface Header {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  samples: 1 | 2 | 3 | 4;
}

interface Chunk {
  type: string;
  data: Uint8Array;
}

/** Splits the file into chunks up to IEND, checking lengths and CRCs. */
function readChunks(bytes: Uint8Array): Chunk[] {
  const chunks: Chunk[] = [];
  for (let offset = PNG_SIGNATURE.length; ; ) {
    if (offset + 12 > bytes.length) {
      throw new Error(`decodePNG: truncated data (${offset === bytes.length ? "no IEND chunk" : "partial chunk header"})`);
    }
    const length = readU32(bytes, offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const end = offset + 8 + length;
    if (end + 4 > bytes.length) throw new Error(`decodePNG: truncated data in ${type} chunk`);
    if (crc32(bytes.subarray(offset + 4, end)) !== readU32(bytes, end)) {
      throw new Error(`decodePNG: CRC mismatch in ${type} chunk`);
    }
    chunks.push({ type, data: bytes.subarray(offset + 8, end) });
    if (type === "IEND") return chunks;
    offset = end + 4;
  }
}

function parseHeader(ihdr: Chunk | undefined): Header {
  if (ihdr?.type !== "IHDR" || ihdr.data.length !== 13) throw new Error("decodePNG: missing or invalid IHDR chunk");
  const d = ihdr.data;
  const width = readU32(d, 0);
  const height = readU32(d, 4);
  const [bitDepth, colorType, compression, filter, interlace] = [d[8]!, d[9]!, d[10]!, d[11]!, d[12]!];
  if (width === 0 || height === 0 || width > MAX_DIMENSION || height > MAX_DIMENSION) {
    throw new Error(`decodePNG: invalid dimensions ${width}x${height}`);
  }
  if (compression !== 0 || filter !== 0) throw new Error("decodePNG: unknown compression or filter method");
  if (interlace !== 0) throw new Error("decodePNG: interlaced (Adam7) PNGs are not supported");
  if (bitDepth === 16) throw new Error("decodePNG: 16-bit PNGs are not supported");
  const samples = SAMPLES_BY_COLOR_TYPE[colorType];
  if (samples === undefined) throw new Error(`decodePNG: invalid colour type ${colorType}`);
  const lowDepthAllowed = colorType === 0 || colorType === 3;
  if (bitDepth !== 8 && !(lowDepthAllowed && (bitDepth === 1 || bitDepth === 2 || bitDepth === 4))) {
    throw new Error(`decodePNG: bit depth ${bitDepth} is not supported for colour type ${colorType}`);
  }
  return { width, height, bitDepth, colorType, samples };
}

/** Reverses the per-scanline filters (0 None, 1 Sub, 2 Up, 3 Average, 4 Paeth). */
function unfilter(src: Uint8Array, height: number, stride: number, bpp: number): Uint8Array {
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const s = y * (stride + 1) + 1; // skip the filter-type byte
    const o = y * stride;
    const type = src[s - 1]!;
    if (type > 4) throw new Error(`decodePNG: invalid filter type ${type} on row ${y}`);
    for (let x = 0; x < stride; x++) {
      // a = left, b = above, c = above-left; outside the image they are 0.
      const a = x >= bpp ? out[o + x - bpp]! : 0;
      const b = y > 0 ? out[o - stride + x]! : 0;
      const c = x >= bpp && y > 0 ? out[o - stride + x - bpp]! : 0;
      const predictor = type === 0 ? 0 : type === 1 ? a : type === 2 ? b : type === 3 ? (a + b) >> 1 : paeth(a, b, c);
      out[o + x] = src[s + x]! + predictor; // Uint8Array stores mod 256
    }
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Converts unfiltered scanlines to 8-bit samples, applying palette, sub-byte depths and tRNS. */
function expand(
  px: Uint8Array,
  { width, height, bitDepth, colorType, samples }: Header,
  stride: number,
  palette: Uint8Array | undefined,
  trns: Uint8Array | undefined,
): RawImage {
  // A tRNS colour key on gray/RGB means "this exact value is transparent" (needs 2 resp. 6 bytes).
  const grayKey = colorType === 0 && trns && trns.length >= 2 ? readU16(trns, 0) : undefined;
  const rgbKey = colorType === 2 && trns && trns.length >= 6 ? [0, 2, 4].map((i) => readU16(trns, i)) : undefined;

  // Common case: 8-bit scanlines without palette or colour key already are the output layout.
  if (bitDepth === 8 && colorType !== 3 && grayKey === undefined && rgbKey === undefined) {
    return { width, height, channels: samples, data: px };
  }

  const channels = colorType === 3 ? (trns ? 4 : 3) : colorType === 0 ? (grayKey === undefined ? 1 : 2) : 4;
  const out = new Uint8Array(width * height * channels);
  const maxValue = (1 << bitDepth) - 1;
  // Sample x of a scanline; sub-byte samples are packed MSB first.
  const sample = (row: number, x: number) => {
    const bit = x * bitDepth;
    return (px[row + (bit >> 3)]! >> (8 - bitDepth - (bit & 7))) & maxValue;
  };

  let o = 0;
  for (let y = 0; y < height; y++) {
    const row = y * stride;
    for (let x = 0; x < width; x++) {
      if (colorType === 3) {
        const index = sample(row, x);
        if (index * 3 >= palette!.length) throw new Error(`decodePNG: palette index ${index} out of range`);
        out.set(palette!.subarray(index * 3, index * 3 + 3), o);
        o += 3;
        if (trns) out[o++] = trns[index] ?? 255; // entries beyond tRNS are opaque
      } else if (colorType === 0) {
        const value = sample(row, x);
        out[o++] = (value * 255) / maxValue; // exact: 255 is divisible by 1, 3, 15 and 255
        if (grayKey !== undefined) out[o++] = value === grayKey ? 0 : 255;
      } else {
        // 8-bit RGB with a colour key (the only remaining case)
        const p = row + x * 3;
        const r = px[p]!;
        const g = px[p + 1]!;
        const b = px[p + 2]!;
        out[o++] = r;
        out[o++] = g;
        out[o++] = b;
        out[o++] = r === rgbKey![0] && g === rgbKey![1] && b === rgbKey![2] ? 0 : 255;
      }
    }
  }
  return { width, height, channels, data: out };
}

/**
 * Pushes bytes through a (De)CompressionStream and collects the output.
 * Write and read run concurrently: awaiting the write first would deadlock,
 * since the stream applies backpressure until its readable side is drained.
 */
async function transform(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  // Streams accept only non-shared buffers; copy a SharedArrayBuffer-backed view.
  const chunk = bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : bytes.slice();
  const written = writer.write(chunk).then(() => writer.close());
  const [, out] = await Promise.all([written, new Response(stream.readable).arrayBuffer()]);
  return new Uint8Array(out);
}

function checkDimension(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1 || value > MAX_DIMENSION) {
    throw new RangeError(`encodePNG: ${name} must be an integer in 1..${MAX_DIMENSION}, got ${value}`);
  }
}

/** length(4) type(4) data crc(4), with the CRC over type and data. */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

let crcTable: Uint32Array | undefined; // built on first use, then shared

function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = crcTable[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, i) => bytes[i] === byte);
}

const readU16 = (b: Uint8Array, o: number) => (b[o]! << 8) | b[o + 1]!;
const readU32 = (b: Uint8Array, o: number) => ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
