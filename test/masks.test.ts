/**
 * Edit masks: `createMask` and `maskFromAlpha` make the PNG masks the edit endpoints need, and a mask given
 * to `v3.edit` or `legacy.edit` is checked before anything is sent (the image's size; for a PNG, black and
 * white only and not all white).
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Ideogram, ValidationError, createMask, maskFromAlpha } from "ideogram-sdk";
import { decodePNG, encodePNG, type RawImage } from "../src/images/png";
import { startCaptureServer, type CaptureServer, type CapturedRequest } from "./helpers/capture-server";
import { jpegBytes, pngBytes, webpBytes } from "./helpers/images";

let server: CaptureServer;
let client: Ideogram;
let dir: string;

beforeAll(async () => {
  server = await startCaptureServer();
  client = new Ideogram({ apiKey: "sk-mask-test", baseURL: server.baseURL });
  dir = await mkdtemp(join(tmpdir(), "ideogram-masks-"));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  server.requests.length = 0;
});

async function decode(file: Blob | Uint8Array): Promise<RawImage> {
  return decodePNG(file instanceof Blob ? new Uint8Array(await file.arrayBuffer()) : file);
}

/** The gray value of a pixel (0 black, 255 white) whatever the channels. */
function gray(image: RawImage, x: number, y: number): number {
  const offset = (y * image.width + x) * image.channels;
  if (image.channels <= 2) return image.data[offset]!;
  const [r, g, b] = [image.data[offset]!, image.data[offset + 1]!, image.data[offset + 2]!];
  expect(r === g && g === b, `pixel ${x},${y} is not gray: ${r},${g},${b}`).toBe(true);
  return r;
}

/** The mask as rows of "#" (black) and "." (white), easy to read in a failure. */
function picture(image: RawImage): string[] {
  const rows: string[] = [];
  for (let y = 0; y < image.height; y++) {
    let row = "";
    for (let x = 0; x < image.width; x++) {
      const value = gray(image, x, y);
      row += value === 0 ? "#" : value === 255 ? "." : "?";
    }
    rows.push(row);
  }
  return rows;
}

/** A gray PNG from a picture of "#" (black) and "." (white), with `other` pixels as given. */
async function grayPNG(rows: string[], other: Record<string, number> = {}): Promise<Uint8Array> {
  const width = rows[0]!.length;
  const data = new Uint8Array(width * rows.length);
  rows.forEach((row, y) => [...row].forEach((c, x) => (data[y * width + x] = c === "#" ? 0 : c === "." ? 255 : other[c]!)));
  return encodePNG({ width, height: rows.length, channels: 1, data });
}

async function rgbPNG(width: number, height: number, pixel: (x: number, y: number) => [number, number, number]): Promise<Uint8Array> {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(pixel(x, y), (y * width + x) * 3);
  return encodePNG({ width, height, channels: 3, data });
}

// ── createMask ──────────────────────────────────────────────────────────────────────────────────

describe("createMask", () => {
  it("makes a PNG of the given size, white with the rectangles in black", async () => {
    const mask = await createMask({ width: 8, height: 5, rects: [{ x: 1, y: 1, width: 3, height: 2 }, { x: 6, y: 3, width: 1, height: 2 }] });
    expect(mask).toBeInstanceOf(File);
    expect(mask.type).toBe("image/png");
    expect(mask.name).toMatch(/\.png$/);
    const image = await decode(mask);
    expect([image.width, image.height]).toEqual([8, 5]);
    expect(picture(image)).toEqual([
      "........",
      ".###....",
      ".###....",
      "......#.",
      "......#.",
    ]);
  });

  it("clips rectangles to the image", async () => {
    const mask = await createMask({ width: 6, height: 4, rects: [{ x: -2, y: -3, width: 4, height: 4 }, { x: 4, y: 2, width: 100, height: 100 }] });
    expect(picture(await decode(mask))).toEqual([
      "##....",
      "......",
      "....##",
      "....##",
    ]);
  });

  it("refuses a rectangle that lies outside the image", async () => {
    for (const rect of [{ x: 6, y: 0, width: 2, height: 2 }, { x: 0, y: -5, width: 3, height: 5 }, { x: 1, y: 1, width: 0, height: 2 }]) {
      const error = await createMask({ width: 6, height: 4, rects: [{ x: 0, y: 0, width: 1, height: 1 }, rect] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).message).toMatch(/rects\.1/);
    }
  });

  it("refuses a size that is not a whole number of pixels", async () => {
    for (const [width, height] of [[0, 4], [4, -1], [2.5, 3]] as const) {
      await expect(createMask({ width, height, rects: [] })).rejects.toBeInstanceOf(ValidationError);
    }
  });
});

// ── maskFromAlpha ───────────────────────────────────────────────────────────────────────────────

describe("maskFromAlpha", () => {
  /** 4x2 RGBA: alpha 0, 255, 100, 200 in the first row; 255, 0, 0, 127 in the second. */
  async function rgba(): Promise<Uint8Array> {
    const alphas = [0, 255, 100, 200, 255, 0, 0, 127];
    const data = new Uint8Array(alphas.flatMap((alpha, index) => [index * 20, 80, 200, alpha]));
    return encodePNG({ width: 4, height: 2, channels: 4, data });
  }

  it("turns transparent pixels black and the rest white, keeping the size", async () => {
    const bytes = await rgba();
    for (const input of [bytes, new Blob([bytes as Uint8Array<ArrayBuffer>]), bytes.slice().buffer]) {
      const mask = await maskFromAlpha(input);
      expect(mask).toBeInstanceOf(File);
      expect(mask.type).toBe("image/png");
      expect(picture(await decode(mask))).toEqual(["#.#.", ".###"]);
    }
  });

  it("reads a view into a larger buffer as just the view", async () => {
    const bytes = await rgba();
    const larger = new Uint8Array(bytes.byteLength + 64).fill(9);
    larger.set(bytes, 32);
    const mask = await maskFromAlpha(larger.subarray(32, 32 + bytes.byteLength));
    expect(picture(await decode(mask))).toEqual(["#.#.", ".###"]);
  });

  it("works with a gray and alpha PNG", async () => {
    const png = await encodePNG({ width: 3, height: 1, channels: 2, data: new Uint8Array([0, 0, 90, 255, 255, 10]) });
    expect(picture(await decode(await maskFromAlpha(png)))).toEqual(["#.#"]);
  });

  it("refuses a JPEG, a WebP and a PNG without alpha", async () => {
    for (const input of [jpegBytes(4, 2), webpBytes(4, 2), pngBytes(4, 2)]) {
      await expect(maskFromAlpha(input)).rejects.toBeInstanceOf(ValidationError);
    }
    await expect(maskFromAlpha(pngBytes(4, 2))).rejects.toThrow(/alpha/);
  });

  it("gives a mask that v3.edit accepts for the image it came from", async () => {
    const image = await rgba();
    await client.v3.edit({ prompt: "fill the holes", image, mask: await maskFromAlpha(image) });
    expect(server.requests).toHaveLength(1);
  });
});

// ── the check before an edit is sent ────────────────────────────────────────────────────────────

const EDITS = [
  {
    endpoint: "v3.edit",
    imageField: "image",
    send: (image: unknown, mask: unknown) => client.v3.edit({ prompt: "make it blue", image: image as never, mask: mask as never }),
  },
  {
    endpoint: "legacy.edit",
    imageField: "image_file",
    send: (image: unknown, mask: unknown) =>
      client.legacy.edit({ prompt: "make it blue", model: "V_2", image_file: image as never, mask: mask as never }),
  },
] as const;

function only(): CapturedRequest {
  expect(server.requests).toHaveLength(1);
  return server.requests[0]!;
}

async function refused(promise: Promise<unknown>): Promise<ValidationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  expect(server.requests).toHaveLength(0); // nothing sent
  return error as ValidationError;
}

for (const edit of EDITS) {
  describe(`${edit.endpoint} checks the mask before sending`, () => {
    const image = pngBytes(8, 6, [30, 120, 200]);

    it("sends a valid mask as it is", async () => {
      const mask = await createMask({ width: 8, height: 6, rects: [{ x: 2, y: 2, width: 3, height: 3 }] });
      const maskBytes = new Uint8Array(await mask.arrayBuffer());
      await edit.send(image, mask);
      const request = only();
      expect(request.headers["content-length"]).toBe(String(request.body.length));
      const part = request.parts().find((p) => p.name === "mask")!;
      expect([part.filename, part.contentType]).toEqual([mask.name, "image/png"]);
      expect(new Uint8Array(part.data)).toEqual(maskBytes);
      expect(new Uint8Array(request.parts().find((p) => p.name === edit.imageField)!.data)).toEqual(image);
    });

    it("accepts a black-and-white RGB mask, and one from a path", async () => {
      const rgb = await rgbPNG(8, 6, (x) => (x < 4 ? [0, 0, 0] : [255, 255, 255]));
      await edit.send(image, rgb);
      const path = join(dir, `${edit.endpoint}-mask.png`);
      await writeFile(path, rgb);
      const imagePath = join(dir, `${edit.endpoint}-image.png`);
      await writeFile(imagePath, image);
      await edit.send(imagePath, path);
      expect(server.requests).toHaveLength(2);
      for (const request of server.requests) expect(new Uint8Array(request.parts().find((p) => p.name === "mask")!.data)).toEqual(rgb);
    });

    it("refuses a mask of another size, naming mask and both sizes", async () => {
      const mask = await createMask({ width: 6, height: 8, rects: [{ x: 0, y: 0, width: 2, height: 2 }] });
      const error = await refused(edit.send(image, mask));
      expect(error.issues).toHaveLength(1);
      expect(error.issues[0]!.path).toBe("mask");
      expect(error.issues[0]!.message).toContain("6x8");
      expect(error.issues[0]!.message).toContain("8x6");
      expect(error.message).toMatch(/mask/);
    });

    it("refuses an all-white mask", async () => {
      const white = await createMask({ width: 8, height: 6, rects: [] }).catch(() => pngBytes(8, 6, [255, 255, 255]));
      for (const mask of [white, pngBytes(8, 6, [255, 255, 255])]) {
        const error = await refused(edit.send(image, mask));
        expect(error.issues).toEqual([{ path: "mask", message: expect.stringMatching(/white/) }]);
      }
    });

    it("refuses a mask with a gray pixel", async () => {
      const mask = await grayPNG(["########", "###g####", "........", "........", "........", "........"], { g: 128 });
      const error = await refused(edit.send(image, mask));
      expect(error.issues).toEqual([{ path: "mask", message: expect.stringMatching(/black and white/) }]);
      expect(error.issues[0]!.message).toContain("3,1");
    });

    it("refuses a mask with a coloured pixel", async () => {
      const mask = await rgbPNG(8, 6, (x, y) => (x === 5 && y === 4 ? [0, 200, 0] : x < 4 ? [0, 0, 0] : [255, 255, 255]));
      const error = await refused(edit.send(image, mask));
      expect(error.issues).toEqual([{ path: "mask", message: expect.stringMatching(/black and white/) }]);
      const red = await refused(edit.send(image, pngBytes(8, 6, [255, 0, 0])));
      expect(red.issues[0]!.path).toBe("mask");
    });

    it("passes a JPEG mask of the right size without decoding it, and refuses one of another size", async () => {
      const jpegImage = jpegBytes(8, 6);
      const jpegMask = jpegBytes(8, 6); // a header only: decoding it would fail
      await edit.send(jpegImage, jpegMask);
      await edit.send(image, jpegMask);
      expect(server.requests).toHaveLength(2);
      for (const request of server.requests) {
        const part = request.parts().find((p) => p.name === "mask")!;
        expect(part.contentType).toBe("image/jpeg");
        expect(new Uint8Array(part.data)).toEqual(jpegMask);
      }
      server.requests.length = 0;
      const error = await refused(edit.send(image, jpegBytes(8, 7)));
      expect(error.issues[0]!.path).toBe("mask");
      expect(error.issues[0]!.message).toContain("8x7");
    });

    it("names the image field in a size mismatch", async () => {
      const error = await refused(edit.send(pngBytes(3, 3), await createMask({ width: 4, height: 4, rects: [{ x: 0, y: 0, width: 1, height: 1 }] })));
      expect(error.issues[0]!.message).toContain(edit.imageField);
    });
  });
}
