/**
 * The requests every section sends, each written twice: as an SDK call, and as the hand-written fetch a user
 * would write for the same request (the same URL, headers, fields and bytes), which is the baseline.
 */
import { deflateSync } from "node:zlib";
import type { Ideogram } from "ideogram-sdk";

/** Long enough for the SDK's redaction to be active (it skips keys under 6 characters). */
export const API_KEY = "bench-0123456789abcdef0123456789abcdef";

export const PROMPT = "A lighthouse on a cliff at dusk, warm light in the windows, waves breaking below, painted in a loose watercolor style";

export const JSON_PARAMS = {
  image_request: { prompt: PROMPT, model: "V_2", aspect_ratio: "ASPECT_1_1", magic_prompt_option: "OFF", seed: 12345, style_type: "GENERAL" },
} as const;

export const V3_FIELDS = {
  prompt: PROMPT,
  rendering_speed: "TURBO",
  aspect_ratio: "1x1",
  magic_prompt: "OFF",
  num_images: 1,
  seed: 12345,
  style_type: "GENERAL",
} as const;

/** A real PNG of about `bytes` bytes: a valid header and one stored (uncompressed) IDAT of noise. */
export function pngOfSize(bytes: number): Uint8Array<ArrayBuffer> {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (data: Uint8Array) => {
    let crc = ~0;
    for (const byte of data) crc = crcTable[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
    return ~crc >>> 0;
  };
  const chunk = (type: string, data: Uint8Array) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, "latin1");
    out.set(data, 8);
    out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const side = Math.max(1, Math.floor(Math.sqrt(bytes / 3)));
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const raw = Buffer.alloc(side * (side * 3 + 1));
  let seed = 2463534242;
  for (let index = 0; index < raw.length; index++) {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    raw[index] = index % (side * 3 + 1) === 0 ? 0 : seed & 0xff;
  }
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw, { level: 0 })),
    chunk("IEND", new Uint8Array(0)),
  ]);
  return new Uint8Array(png.buffer.slice(png.byteOffset, png.byteOffset + png.byteLength));
}

export interface Pair {
  name: string;
  sdk: () => Promise<unknown>;
  raw: () => Promise<unknown>;
}

/** The hand-written call: fetch, check the status, parse the JSON. */
async function post(url: string, headers: Record<string, string>, body: BodyInit): Promise<unknown> {
  const response = await fetch(url, { method: "POST", headers: { "Api-Key": API_KEY, ...headers }, body });
  if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
  const json = (await response.json()) as { data?: unknown[] };
  if (!Array.isArray(json.data)) throw new Error("unexpected response");
  return json;
}

function v3Form(fields: Record<string, string | number>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, String(value));
  return form;
}

/** Small requests, one of each body kind: JSON, multipart with text only, multipart with a small image. */
export function smallPairs(client: Ideogram, base: string, image: Uint8Array<ArrayBuffer>): Pair[] {
  return [
    {
      name: "JSON (legacy.generate)",
      sdk: () => client.legacy.generate(JSON_PARAMS),
      raw: () => post(`${base}/generate`, { "Content-Type": "application/json" }, JSON.stringify(JSON_PARAMS)),
    },
    {
      name: "multipart, text (v3.generate)",
      sdk: () => client.v3.generate(V3_FIELDS),
      raw: () => post(`${base}/v1/ideogram-v3/generate`, {}, v3Form(V3_FIELDS)),
    },
    {
      name: `multipart, ${(image.byteLength / 1024).toFixed(0)} kB image (v3.remix)`,
      sdk: () => client.v3.remix({ prompt: PROMPT, image, image_weight: 50, rendering_speed: "TURBO" }),
      raw: () => {
        const form = v3Form({ prompt: PROMPT, image_weight: 50, rendering_speed: "TURBO" });
        form.append("image", new Blob([image], { type: "image/png" }), "image.png");
        return post(`${base}/v1/ideogram-v3/remix`, {}, form);
      },
    },
  ];
}
