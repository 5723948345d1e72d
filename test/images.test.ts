import { describe, it, expect } from "vitest";
import { crc32, deflateSync, inflateSync } from "node:zlib";
import { decodePNG, encodePNG, type RawImage } from "../src/images/png";
import { readImageSize, sniffImageType, SNIFF_BYTES } from "../src/images/sniff";

// ---------- helpers (independent of the code under test: node:zlib for deflate/CRC) ----------

/** Deterministic pseudo-random bytes so filters see wrapping, non-trivial values. */
function noise(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let s = seed;
  for (let i = 0; i < length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0));
const u32be = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const u16be = (n: number) => [(n >>> 8) & 255, n & 255];
const u16le = (n: number) => [n & 255, (n >>> 8) & 255];
const u24le = (n: number) => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255];
const u32le = (n: number) => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255];

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function pngChunk(type: string, data: ArrayLike<number> = []): number[] {
  const body = Uint8Array.from([...ascii(type), ...Array.from(data)]);
  return [...u32be(data.length), ...body, ...u32be(crc32(body))];
}

function ihdr(width: number, height: number, bitDepth: number, colorType: number, interlace = 0): number[] {
  return pngChunk("IHDR", [...u32be(width), ...u32be(height), bitDepth, colorType, 0, 0, interlace]);
}

/** A PNG from already-filtered scanlines, compressed with node:zlib. */
function buildPNG(header: number[], scanlines: Uint8Array, extra: number[][] = []): Uint8Array {
  return Uint8Array.from([
    ...SIGNATURE,
    ...header,
    ...extra.flat(),
    ...pngChunk("IDAT", deflateSync(scanlines)),
    ...pngChunk("IEND"),
  ]);
}

function refPaeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  if (pb <= pc) return b;
  return c;
}

/** Forward PNG filtering, one filter type per row (types.length = height). */
function filterScanlines(px: Uint8Array, stride: number, bpp: number, types: number[]): Uint8Array {
  const out = new Uint8Array((stride + 1) * types.length);
  types.forEach((type, y) => {
    out[y * (stride + 1)] = type;
    for (let x = 0; x < stride; x++) {
      const at = (yy: number, xx: number) => (yy < 0 || xx < 0 ? 0 : px[yy * stride + xx]!);
      const a = at(y, x - bpp);
      const b = at(y - 1, x);
      const c = at(y - 1, x - bpp);
      const predictor = [0, a, b, Math.floor((a + b) / 2), refPaeth(a, b, c)][type]!;
      out[y * (stride + 1) + 1 + x] = (px[y * stride + x]! - predictor) & 255;
    }
  });
  return out;
}

/** Parses an encoded PNG with node:zlib only, verifying every CRC. */
function parseWithNode(png: Uint8Array) {
  const chunks: { type: string; data: Uint8Array }[] = [];
  let o = 8;
  while (o < png.length) {
    const view = new DataView(png.buffer, png.byteOffset);
    const length = view.getUint32(o);
    const type = String.fromCharCode(...png.subarray(o + 4, o + 8));
    const data = png.subarray(o + 8, o + 8 + length);
    expect(view.getUint32(o + 8 + length)).toBe(crc32(png.subarray(o + 4, o + 8 + length)));
    chunks.push({ type, data });
    o += 12 + length;
  }
  return chunks;
}

// ---------- PNG ----------

describe("encodePNG / decodePNG round trip", () => {
  const colorTypes = { 1: 0, 2: 4, 3: 2, 4: 6 } as const;

  for (const channels of [1, 2, 3, 4] as const) {
    it(`round-trips ${channels} channel(s) and writes a valid PNG`, async () => {
      const width = 13;
      const height = 7;
      const data = noise(width * height * channels, channels);
      const png = await encodePNG({ width, height, channels, data });

      expect(Array.from(png.subarray(0, 8))).toEqual(SIGNATURE);
      const chunks = parseWithNode(png);
      expect(chunks.map((c) => c.type)).toEqual(["IHDR", "IDAT", "IEND"]);
      expect(Array.from(chunks[0]!.data)).toEqual([...u32be(width), ...u32be(height), 8, colorTypes[channels], 0, 0, 0]);
      // Independent inflate: filter byte 0 then the row, for every row.
      const raw = inflateSync(chunks[1]!.data);
      const expectedRaw = new Uint8Array((width * channels + 1) * height);
      for (let y = 0; y < height; y++) {
        expectedRaw.set(data.subarray(y * width * channels, (y + 1) * width * channels), y * (width * channels + 1) + 1);
      }
      expect(new Uint8Array(raw)).toEqual(expectedRaw);

      const decoded = await decodePNG(png);
      expect(decoded).toEqual({ width, height, channels, data });
    });
  }

  it("round-trips a 1x1 image and an image with a non-zero byteOffset", async () => {
    const one = await decodePNG(await encodePNG({ width: 1, height: 1, channels: 4, data: Uint8Array.of(1, 2, 3, 4) }));
    expect(one).toEqual({ width: 1, height: 1, channels: 4, data: Uint8Array.of(1, 2, 3, 4) });

    const backing = noise(3 + 4 * 3 * 3, 9);
    const view = backing.subarray(3); // 4x3 RGB
    const decoded = await decodePNG(await encodePNG({ width: 4, height: 3, channels: 3, data: view }));
    expect(decoded.data).toEqual(view);
  });

  it("uses a custom deflate function", async () => {
    const calls: number[] = [];
    const data = noise(5 * 4 * 2, 3);
    const png = await encodePNG(
      { width: 5, height: 4, channels: 2, data },
      {
        deflate: (raw) => {
          calls.push(raw.length);
          return deflateSync(raw, { level: 9 });
        },
      },
    );
    expect(calls).toEqual([(5 * 2 + 1) * 4]);
    expect((await decodePNG(png)).data).toEqual(data);
  });

  it("rejects invalid input with RangeError", async () => {
    const ok: RawImage = { width: 2, height: 2, channels: 3, data: new Uint8Array(12) };
    await expect(encodePNG({ ...ok, width: 0 })).rejects.toThrow(RangeError);
    await expect(encodePNG({ ...ok, width: 0 })).rejects.toThrow(/width must be an integer/);
    await expect(encodePNG({ ...ok, height: 1.5 })).rejects.toThrow(/height must be an integer/);
    await expect(encodePNG({ ...ok, width: Number.NaN })).rejects.toThrow(RangeError);
    await expect(encodePNG({ ...ok, data: new Uint8Array(11) })).rejects.toThrow(
      /data length must be width\*height\*channels = 12, got 11/,
    );
    await expect(encodePNG({ ...ok, channels: 5 as 4 })).rejects.toThrow(/channels must be 1, 2, 3 or 4/);
  });
});

describe("decodePNG of PNGs built with node:zlib", () => {
  const filterNames = ["None", "Sub", "Up", "Average", "Paeth"];

  for (const filter of [0, 1, 2, 3, 4]) {
    it(`undoes filter ${filter} (${filterNames[filter]}) on RGB`, async () => {
      const width = 7;
      const height = 5;
      const px = noise(width * height * 3, 10 + filter);
      const scanlines = filterScanlines(px, width * 3, 3, Array(height).fill(filter));
      const decoded = await decodePNG(buildPNG(ihdr(width, height, 8, 2), scanlines));
      expect(decoded).toEqual({ width, height, channels: 3, data: px });

      // Values 0..3 make Paeth ties (pa == pc, pb == pc) frequent, so tie-breaking order is exercised.
      const lowEntropy = noise(16 * 16, 30 + filter).map((v) => v & 3);
      const gray = await decodePNG(buildPNG(ihdr(16, 16, 8, 0), filterScanlines(lowEntropy, 16, 1, Array(16).fill(filter))));
      expect(gray.data).toEqual(lowEntropy);
    });
  }

  it("undoes mixed per-row filters on gray, gray+alpha and RGBA", async () => {
    const types = [4, 3, 2, 1, 0, 4, 1, 3];
    for (const [colorType, channels] of [
      [0, 1],
      [4, 2],
      [6, 4],
    ] as const) {
      const width = 6;
      const px = noise(width * types.length * channels, 20 + colorType);
      const scanlines = filterScanlines(px, width * channels, channels, types);
      const decoded = await decodePNG(buildPNG(ihdr(width, types.length, 8, colorType), scanlines));
      expect(decoded).toEqual({ width, height: types.length, channels, data: px });
    }
  });

  it("concatenates multiple IDAT chunks", async () => {
    const px = noise(4 * 4 * 4, 7);
    const z = deflateSync(filterScanlines(px, 16, 4, [1, 2, 3, 4]));
    const png = Uint8Array.from([
      ...SIGNATURE,
      ...ihdr(4, 4, 8, 6),
      ...pngChunk("tEXt", ascii("Comment\0hi")),
      ...pngChunk("IDAT", z.subarray(0, 5)),
      ...pngChunk("IDAT", z.subarray(5, 9)),
      ...pngChunk("IDAT", z.subarray(9)),
      ...pngChunk("IEND"),
    ]);
    expect((await decodePNG(png)).data).toEqual(px);
  });

  it("expands palette + tRNS to RGBA", async () => {
    const plte = pngChunk("PLTE", [255, 0, 0, 0, 255, 0, 0, 0, 255]);
    const trns = pngChunk("tRNS", [0, 128]); // third entry implicitly opaque
    const indices = Uint8Array.of(0, 1, 2, 1, 2, 2, 0, 1);
    const png = buildPNG(ihdr(4, 2, 8, 3), filterScanlines(indices, 4, 1, [0, 2]), [plte, trns]);
    const decoded = await decodePNG(png);
    expect(decoded.channels).toBe(4);
    expect(Array.from(decoded.data)).toEqual([
      255, 0, 0, 0, 0, 255, 0, 128, 0, 0, 255, 255, 0, 255, 0, 128,
      0, 0, 255, 255, 0, 0, 255, 255, 255, 0, 0, 0, 0, 255, 0, 128,
    ]);
  });

  it("expands a palette without tRNS to RGB, including 2-bit indices", async () => {
    const plte = pngChunk("PLTE", [10, 20, 30, 40, 50, 60, 70, 80, 90, 1, 2, 3]);
    // 5 pixels at 2 bits: indices 3 2 1 0 | 3 then padding -> bytes 0b11100100, 0b11000000
    const png = buildPNG(ihdr(5, 1, 2, 3), Uint8Array.of(0, 0b11100100, 0b11000000), [plte]);
    const decoded = await decodePNG(png);
    expect(decoded).toEqual({
      width: 5,
      height: 1,
      channels: 3,
      data: Uint8Array.of(1, 2, 3, 70, 80, 90, 40, 50, 60, 10, 20, 30, 1, 2, 3),
    });
  });

  it("decodes 1-bit grayscale with row padding", async () => {
    // 10 px wide: 2 bytes per row, last 6 bits are padding (set to 1 to prove they are ignored).
    const rows = [
      [0b10110000, 0b01111111],
      [0b01001111, 0b10111111],
    ];
    const png = buildPNG(ihdr(10, 2, 1, 0), Uint8Array.from(rows.flatMap((r) => [0, ...r])));
    const decoded = await decodePNG(png);
    expect(decoded.channels).toBe(1);
    const bits = [1, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 1, 1, 1, 1, 1, 0];
    expect(Array.from(decoded.data)).toEqual(bits.map((bit) => bit * 255));
  });

  it("scales 2-bit and 4-bit gray to 0..255", async () => {
    const two = await decodePNG(buildPNG(ihdr(4, 1, 2, 0), Uint8Array.of(0, 0b00011011)));
    expect(Array.from(two.data)).toEqual([0, 85, 170, 255]);
    const four = await decodePNG(buildPNG(ihdr(3, 1, 4, 0), Uint8Array.of(0, 0x0f, 0x70)));
    expect(Array.from(four.data)).toEqual([0, 255, 119]);
  });

  it("turns a tRNS colour key into an alpha channel for gray and RGB", async () => {
    const gray = await decodePNG(buildPNG(ihdr(3, 1, 8, 0), Uint8Array.of(0, 7, 8, 7), [pngChunk("tRNS", u16be(7))]));
    expect(gray).toEqual({ width: 3, height: 1, channels: 2, data: Uint8Array.of(7, 0, 8, 255, 7, 0) });

    const key = pngChunk("tRNS", [...u16be(1), ...u16be(2), ...u16be(3)]);
    const rgb = await decodePNG(buildPNG(ihdr(2, 1, 8, 2), Uint8Array.of(0, 1, 2, 3, 1, 2, 4), [key]));
    expect(rgb).toEqual({ width: 2, height: 1, channels: 4, data: Uint8Array.of(1, 2, 3, 0, 1, 2, 4, 255) });
  });
});

describe("decodePNG errors", () => {
  const valid = () => buildPNG(ihdr(3, 2, 8, 2), filterScanlines(noise(18, 5), 9, 3, [1, 4]));

  it("accepts the unmodified fixture", async () => {
    expect((await decodePNG(valid())).width).toBe(3);
  });

  it("rejects a bad signature", async () => {
    const png = valid();
    png[1] = 0x51;
    await expect(decodePNG(png)).rejects.toThrow(/bad signature/);
    await expect(decodePNG(new Uint8Array(0))).rejects.toThrow(/bad signature/);
  });

  it("rejects CRC mismatches", async () => {
    const png = valid();
    png[8 + 8 + 3]! ^= 1; // a width byte inside IHDR
    await expect(decodePNG(png)).rejects.toThrow(/CRC mismatch in IHDR chunk/);

    const png2 = valid();
    png2[8 + 25 + 8]! ^= 0x40; // first data byte of IDAT (follows the 25-byte IHDR chunk)
    await expect(decodePNG(png2)).rejects.toThrow(/CRC mismatch in IDAT chunk/);
  });

  it("rejects every truncation", async () => {
    const png = valid();
    for (let cut = 0; cut < png.length; cut++) {
      await expect(decodePNG(png.subarray(0, cut)), `cut at ${cut}`).rejects.toThrow(/decodePNG: /);
    }
    await expect(decodePNG(png.subarray(0, png.length - 12))).rejects.toThrow(/truncated data \(no IEND chunk\)/);
    await expect(decodePNG(png.subarray(0, 8 + 25 + 6))).rejects.toThrow(/truncated data \(partial chunk header\)/);
    await expect(decodePNG(png.subarray(0, 8 + 25 + 12))).rejects.toThrow(/truncated data in IDAT chunk/);
  });

  it("rejects a valid-CRC IDAT holding too little or corrupt zlib data", async () => {
    const short = deflateSync(Uint8Array.of(0, 1, 2, 3)); // one 3-px RGB row is 10 bytes
    const tooShort = Uint8Array.from([...SIGNATURE, ...ihdr(3, 2, 8, 2), ...pngChunk("IDAT", short), ...pngChunk("IEND")]);
    await expect(decodePNG(tooShort)).rejects.toThrow(/truncated image data \(4 of 20 bytes\)/);

    const garbage = Uint8Array.from([...SIGNATURE, ...ihdr(3, 2, 8, 2), ...pngChunk("IDAT", [1, 2, 3, 4]), ...pngChunk("IEND")]);
    await expect(decodePNG(garbage)).rejects.toThrow(/corrupt zlib data/);
  });

  it("rejects unsupported or invalid formats", async () => {
    const rows = new Uint8Array(20);
    await expect(decodePNG(buildPNG(ihdr(3, 2, 8, 2, 1), rows))).rejects.toThrow(/interlaced/);
    await expect(decodePNG(buildPNG(ihdr(3, 2, 16, 2), rows))).rejects.toThrow(/16-bit/);
    await expect(decodePNG(buildPNG(ihdr(3, 2, 4, 2), rows))).rejects.toThrow(/bit depth 4 is not supported for colour type 2/);
    await expect(decodePNG(buildPNG(ihdr(3, 2, 8, 5), rows))).rejects.toThrow(/invalid colour type 5/);
    await expect(decodePNG(buildPNG(ihdr(3, 2, 8, 3), new Uint8Array(8)))).rejects.toThrow(/without a valid PLTE/);
    await expect(decodePNG(buildPNG(ihdr(0, 2, 8, 2), rows))).rejects.toThrow(/invalid dimensions 0x2/);
    const badFilter = Uint8Array.of(0, 1, 2, 3, 5, 4, 5, 6);
    await expect(decodePNG(buildPNG(ihdr(3, 2, 8, 0), badFilter))).rejects.toThrow(/invalid filter type 5 on row 1/);
    const plte = pngChunk("PLTE", [1, 2, 3]);
    await expect(decodePNG(buildPNG(ihdr(1, 1, 8, 3), Uint8Array.of(0, 1), [plte]))).rejects.toThrow(/palette index 1 out of range/);
    const noIdat = Uint8Array.from([...SIGNATURE, ...ihdr(1, 1, 8, 0), ...pngChunk("IEND")]);
    await expect(decodePNG(noIdat)).rejects.toThrow(/no IDAT chunk/);
    const ihdrNotFirst = Uint8Array.from([...SIGNATURE, ...pngChunk("tEXt", [65, 0, 66]), ...ihdr(1, 1, 8, 0), ...pngChunk("IEND")]);
    await expect(decodePNG(ihdrNotFirst)).rejects.toThrow(/missing or invalid IHDR/);
  });
});

// ---------- sniffing ----------

/** SOI, APP0 (JFIF), DHT whose payload contains a decoy "FF C0" with other dims, fill bytes, then SOF0. */
const JPEG_BASELINE = Uint8Array.from([
  0xff, 0xd8,
  0xff, 0xe0, ...u16be(16), ...ascii("JFIF\0"), 1, 1, 0, 0, 1, 0, 1, 0, 0,
  0xff, 0xc4, ...u16be(11), 0x00, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x10, 0x00,
  0xff, 0xff, 0xff, 0xc0, ...u16be(17), 8, ...u16be(480), ...u16be(640), 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1,
  0xff, 0xda, ...u16be(12), 3, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3f, 0,
  0x12, 0x34, 0xff, 0xd9,
]);
const BASELINE_SOF_END = 2 + 18 + 13 + 2 + 9; // index just past the SOF0 width field

/** SOI, APP1 (Exif stub), a standalone TEM marker, then SOF2 (progressive). */
const JPEG_PROGRESSIVE = Uint8Array.from([
  0xff, 0xd8,
  0xff, 0xe1, ...u16be(8), ...ascii("Exif\0\0"),
  0xff, 0x01,
  0xff, 0xc2, ...u16be(11), 8, ...u16be(100), ...u16be(200), 1, 1, 0x11, 0,
  0xff, 0xd9,
]);

function riff(fourcc: string, payload: number[]): Uint8Array {
  const chunk = [...ascii(fourcc), ...u32le(payload.length), ...payload];
  return Uint8Array.from([...ascii("RIFF"), ...u32le(4 + chunk.length), ...ascii("WEBP"), ...chunk]);
}

// Lossy: frame tag (key frame), start code, 14-bit dims with scale bits 10 / 01 in the top bits.
const WEBP_VP8 = riff("VP8 ", [0x50, 0x02, 0x00, 0x9d, 0x01, 0x2a, ...u16le(1023 | (2 << 14)), ...u16le(767 | (1 << 14)), 0, 0]);
// Lossless: 0x2F, then (w-1) | (h-1) << 14 | alpha << 28; w = 16384 is the 14-bit maximum.
const WEBP_VP8L = riff("VP8L", [0x2f, ...u32le(16383 | (2 << 14) | (1 << 28)), 0, 0, 0]);
// Extended: flags, 3 reserved, 24-bit canvas width-1 / height-1 (values beyond 16 bits).
const WEBP_VP8X = riff("VP8X", [0x10, 0, 0, 0, ...u24le(70000 - 1), ...u24le(16777216 - 1)]);

describe("sniffImageType", () => {
  it("recognises magic bytes", async () => {
    const png = await encodePNG({ width: 1, height: 1, channels: 1, data: Uint8Array.of(0) });
    expect(sniffImageType(png.subarray(0, SNIFF_BYTES))).toBe("image/png");
    expect(sniffImageType(JPEG_BASELINE)).toBe("image/jpeg");
    expect(sniffImageType(WEBP_VP8.subarray(0, 12))).toBe("image/webp");
    expect(SNIFF_BYTES).toBe(32);
  });

  it("returns undefined for other or too-short input", () => {
    expect(sniffImageType(new Uint8Array(0))).toBeUndefined();
    expect(sniffImageType(Uint8Array.from(ascii("GIF89a")))).toBeUndefined();
    expect(sniffImageType(Uint8Array.from(SIGNATURE.slice(0, 7)))).toBeUndefined();
    expect(sniffImageType(Uint8Array.of(0xff, 0xd8))).toBeUndefined();
    expect(sniffImageType(Uint8Array.from(ascii("RIFF\0\0\0\0WAVE")))).toBeUndefined();
    expect(sniffImageType(WEBP_VP8.subarray(0, 11))).toBeUndefined();
  });
});

describe("readImageSize", () => {
  it("reads PNG dimensions from IHDR", async () => {
    const png = await encodePNG({ width: 5, height: 3, channels: 3, data: new Uint8Array(45) });
    expect(readImageSize(png)).toEqual({ width: 5, height: 3 });
    const header = Uint8Array.from([...SIGNATURE, ...ihdr(70000, 123456, 8, 6)]);
    expect(readImageSize(header.subarray(0, 24))).toEqual({ width: 70000, height: 123456 });
    expect(readImageSize(header.subarray(0, 23))).toBeUndefined();
    const notIhdr = Uint8Array.from([...SIGNATURE, ...pngChunk("CgBI", [0, 0, 0, 0, 0, 0, 0, 0])]);
    expect(readImageSize(notIhdr)).toBeUndefined();
  });

  it("walks JPEG segments to SOF0, skipping APP0, DHT and fill bytes", () => {
    expect(readImageSize(JPEG_BASELINE)).toEqual({ width: 640, height: 480 });
  });

  it("reads progressive (SOF2) JPEG after APP1 and a standalone marker", () => {
    expect(readImageSize(JPEG_PROGRESSIVE)).toEqual({ width: 200, height: 100 });
  });

  it("ignores DHT, JPG and DAC markers that sit in the SOF range", () => {
    for (const marker of [0xc4, 0xc8, 0xcc]) {
      const jpeg = Uint8Array.of(0xff, 0xd8, 0xff, marker, ...u16be(7), 8, 0, 16, 0, 32, 0xff, 0xd9);
      expect(readImageSize(jpeg), marker.toString(16)).toBeUndefined();
    }
  });

  it("returns undefined for JPEGs without a reachable SOF", () => {
    const sosFirst = Uint8Array.of(0xff, 0xd8, 0xff, 0xda, ...u16be(8), 1, 1, 0, 0, 0x3f, 0, 0xff, 0xc0, ...u16be(17), 8, 0, 1, 0, 1);
    expect(readImageSize(sosFirst)).toBeUndefined();
    const junkBetweenSegments = Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, ...u16be(2), 0x00, 0xff, 0xc0, ...u16be(17), 8, 0, 1, 0, 1);
    expect(readImageSize(junkBetweenSegments)).toBeUndefined();
    const badLength = Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0, 1, 0xff, 0xc0, ...u16be(17), 8, 0, 1, 0, 1);
    expect(readImageSize(badLength)).toBeUndefined();
    const zeroHeight = Uint8Array.of(0xff, 0xd8, 0xff, 0xc0, ...u16be(11), 8, 0, 0, 0, 9, 1, 1, 0x11, 0);
    expect(readImageSize(zeroHeight)).toBeUndefined();
  });

  it("returns undefined for every JPEG prefix that cuts the SOF dimensions", () => {
    for (let cut = 0; cut <= JPEG_BASELINE.length; cut++) {
      const expected = cut >= BASELINE_SOF_END ? { width: 640, height: 480 } : undefined;
      expect(readImageSize(JPEG_BASELINE.subarray(0, cut)), `cut at ${cut}`).toEqual(expected);
    }
  });

  it("reads WebP VP8, VP8L and VP8X headers", () => {
    expect(readImageSize(WEBP_VP8)).toEqual({ width: 1023, height: 767 });
    expect(readImageSize(WEBP_VP8L)).toEqual({ width: 16384, height: 3 });
    expect(readImageSize(WEBP_VP8X)).toEqual({ width: 70000, height: 16777216 });
  });

  it("returns undefined for truncated WebP headers", () => {
    const cases = [
      [WEBP_VP8, 30, { width: 1023, height: 767 }],
      [WEBP_VP8L, 25, { width: 16384, height: 3 }],
      [WEBP_VP8X, 30, { width: 70000, height: 16777216 }],
    ] as const;
    for (const [bytes, needed, size] of cases) {
      for (let cut = 0; cut <= bytes.length; cut++) {
        expect(readImageSize(bytes.subarray(0, cut)), `cut at ${cut}`).toEqual(cut >= needed ? size : undefined);
      }
    }
  });

  it("returns undefined for corrupt WebP headers", () => {
    const badStartCode = WEBP_VP8.slice();
    badStartCode[24] = 0x02;
    expect(readImageSize(badStartCode)).toBeUndefined();
    const interFrame = WEBP_VP8.slice();
    interFrame[20]! |= 1;
    expect(readImageSize(interFrame)).toBeUndefined();
    const badSignature = WEBP_VP8L.slice();
    badSignature[20] = 0x2e;
    expect(readImageSize(badSignature)).toBeUndefined();
    expect(readImageSize(riff("ALPH", new Array(20).fill(0)))).toBeUndefined();
  });

  it("returns undefined for garbage and never throws", () => {
    expect(readImageSize(new Uint8Array(0))).toBeUndefined();
    expect(readImageSize(Uint8Array.from(ascii("GIF89a\x01\x00\x01\x00")))).toBeUndefined();
    const prefixes = [SIGNATURE, [0xff, 0xd8, 0xff], [...ascii("RIFF"), 0, 0, 0, 0, ...ascii("WEBPVP8")]];
    let seed = 1;
    for (let i = 0; i < 3000; i++) {
      const prefix = prefixes[i % 3]!;
      const tail = noise(i % 97, seed++);
      const bytes = Uint8Array.from([...prefix, ...tail]);
      const size = readImageSize(bytes);
      if (size !== undefined) {
        expect(Number.isInteger(size.width) && size.width > 0).toBe(true);
        expect(Number.isInteger(size.height) && size.height > 0).toBe(true);
      }
    }
  });
});
