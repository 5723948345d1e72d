/**
 * File inputs end to end: every kind a file field accepts, through a single file field (`v3.remix` `image`)
 * and a list field (`v3.generate` `style_reference_images`), checked byte for byte on a real server on
 * 127.0.0.1; the refusals (not an image, no such file, over 25 MB / 50 MB) that happen before anything is
 * sent; and retries that send exactly the same body again.
 */
import { createReadStream, openAsBlob } from "node:fs";
import { mkdir, mkdtemp, open, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { Ideogram, IdeogramError, MAX_FILE_BYTES, ValidationError, toFile } from "ideogram-sdk";
import { IMAGE_RESPONSE, answerLikeTheAPI, json, startCaptureServer, type CaptureServer, type CapturedRequest } from "./helpers/capture-server";
import { jpegBytes, pngBytes, webpBytes } from "./helpers/images";

const KEY = "sk-files-test";
const MiB = 1024 * 1024;

let api: CaptureServer;
let host: CaptureServer;
let client: Ideogram;
let dir: string;

/** What the image host serves, by URL path. */
const served = new Map<string, { bytes: Uint8Array; type: string }>();

beforeAll(async () => {
  api = await startCaptureServer();
  host = await startCaptureServer();
  client = new Ideogram({ apiKey: KEY, baseURL: api.baseURL, maxRetries: 2, logLevel: "error" }); // no retry warnings in the output
  dir = await mkdtemp(join(tmpdir(), "ideogram-files-"));
});
afterAll(async () => {
  await Promise.all([api.close(), host.close()]);
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  api.requests.length = 0;
  host.requests.length = 0;
  api.handle(answerLikeTheAPI);
  host.handle((request, res) => {
    const entry = served.get(new URL(request.url, host.baseURL).pathname);
    if (!entry) return json(res, 404, { error: "not found" });
    res.writeHead(200, { "content-type": entry.type, "content-length": String(entry.bytes.byteLength) });
    res.end(Buffer.from(entry.bytes));
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
});

// ── fixtures ────────────────────────────────────────────────────────────────────────────────────

interface Fixture {
  bytes: Uint8Array;
  /** Content type the part must carry. */
  type: string;
  ext: string;
  baseName: string;
  path: string;
  url: string;
}

let fixtureCount = 0;

/** Bytes on disk and on the image host, under `baseName`. */
async function fixture(bytes: Uint8Array, baseName: string, type: string, ext = baseName.split(".").pop()!): Promise<Fixture> {
  const folder = join(dir, `f${++fixtureCount}`);
  await mkdir(folder);
  const path = join(folder, baseName);
  await writeFile(path, bytes);
  const urlPath = `/img/${fixtureCount}/${baseName}`;
  served.set(urlPath, { bytes, type });
  return { bytes, type, ext, baseName, path, url: `${host.baseURL}${urlPath}?signature=abc` };
}

/** An image of a few hundred KB (a real header, then distinct filler), so that streams come in many chunks. */
function bigImage(head: Uint8Array, seed: number, filler = 300 * 1024): Uint8Array {
  const bytes = new Uint8Array(head.byteLength + filler);
  bytes.set(head);
  for (let index = head.byteLength; index < bytes.byteLength; index++) bytes[index] = (index * 31 + seed * 7) & 0xff;
  return bytes;
}

const FORMATS = [
  { label: "PNG", head: () => pngBytes(16, 16, [10, 200, 30]), type: "image/png", ext: "png", baseName: "reference.png" },
  { label: "JPEG", head: () => jpegBytes(640, 480), type: "image/jpeg", ext: "jpg", baseName: "photo.jpeg" },
  { label: "WebP", head: () => webpBytes(32, 24), type: "image/webp", ext: "webp", baseName: "art.webp" },
] as const;

/** A web stream giving the bytes in chunks. */
function webStream(bytes: Uint8Array, chunk = 64 * 1024): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.byteLength) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + chunk));
      offset += chunk;
    },
  });
}

function chunks(bytes: Uint8Array, size = 50 * 1024): Buffer[] {
  const list: Buffer[] = [];
  for (let offset = 0; offset < bytes.byteLength; offset += size) list.push(Buffer.from(bytes.subarray(offset, offset + size)));
  return list;
}

interface Kind {
  label: string;
  make(f: Fixture): unknown | Promise<unknown>;
  /** The filename the part must carry. */
  name(f: Fixture): string;
  /** Read once: a retry must resend what was read. */
  oneShot?: boolean;
}

const generic = (f: Fixture) => `image.${f.ext}`;

const KINDS: Kind[] = [
  { label: "Blob", make: (f) => new Blob([f.bytes as Uint8Array<ArrayBuffer>]), name: generic },
  { label: "File", make: (f) => new File([f.bytes as Uint8Array<ArrayBuffer>], `my-${f.baseName}`), name: (f) => `my-${f.baseName}` },
  { label: "Uint8Array", make: (f) => new Uint8Array(f.bytes), name: generic },
  { label: "ArrayBuffer", make: (f) => f.bytes.slice().buffer, name: generic },
  { label: "Buffer", make: (f) => Buffer.from(f.bytes), name: generic },
  {
    label: "view into a larger buffer",
    make: (f) => {
      const larger = new Uint8Array(f.bytes.byteLength + 100).fill(0xee);
      larger.set(f.bytes, 37);
      return larger.subarray(37, 37 + f.bytes.byteLength);
    },
    name: generic,
  },
  { label: "web ReadableStream", make: (f) => webStream(f.bytes), name: generic, oneShot: true },
  { label: "fs.createReadStream", make: (f) => createReadStream(f.path, { highWaterMark: 16 * 1024 }), name: (f) => f.baseName, oneShot: true },
  { label: "Readable.from", make: (f) => Readable.from(chunks(f.bytes)), name: generic, oneShot: true },
  { label: "fetch Response", make: (f) => fetch(f.url), name: generic, oneShot: true },
  { label: "URL", make: (f) => new URL(f.url), name: (f) => f.baseName },
  { label: "string path", make: (f) => f.path, name: (f) => f.baseName },
];

// ── assertions ──────────────────────────────────────────────────────────────────────────────────

function only(): CapturedRequest {
  expect(api.requests).toHaveLength(1);
  return api.requests[0]!;
}

/** Same bytes, with a short message (not a dump of a few hundred KB) when they differ. */
function expectSameBytes(actual: Uint8Array, expected: Uint8Array, what = "bytes") {
  const a = Buffer.from(actual.buffer, actual.byteOffset, actual.byteLength);
  const b = Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength);
  let firstDifference = -1;
  for (let index = 0; index < Math.min(a.length, b.length); index++) {
    if (a[index] !== b[index]) {
      firstDifference = index;
      break;
    }
  }
  expect({ what, length: a.length, firstDifference }).toEqual({ what, length: b.length, firstDifference: -1 });
}

/** A fixed-length body: Content-Length says exactly how long, and nothing is chunked. */
function expectFixedLength(request: CapturedRequest) {
  expect(request.headers["transfer-encoding"]).toBeUndefined();
  expect(request.headers["content-length"]).toBe(String(request.body.length));
}

async function refusal(promise: Promise<unknown>): Promise<ValidationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

// ── every kind, single field ────────────────────────────────────────────────────────────────────

describe("every input kind reaches the server as the same bytes, named and typed (v3.remix image)", () => {
  for (const format of FORMATS) {
    for (const kind of KINDS) {
      it(`${kind.label}, ${format.label}`, async () => {
        const f = await fixture(bigImage(format.head(), fixtureCount), format.baseName, format.type, format.ext);
        await client.v3.remix({ prompt: "a remix", image: (await kind.make(f)) as never });
        const request = only();
        expect(request.url).toBe("/v1/ideogram-v3/remix");
        expect(request.headers["api-key"]).toBe(KEY);
        expectFixedLength(request);
        const parts = request.parts();
        expect(parts.map((part) => part.name)).toEqual(["prompt", "image"]);
        const image = parts[1]!;
        expect({ filename: image.filename, contentType: image.contentType }).toEqual({ filename: kind.name(f), contentType: format.type });
        expectSameBytes(image.data, f.bytes);
      });
    }
  }

  it("a URL is fetched without the API key and with its query left out of the file name", async () => {
    const f = await fixture(bigImage(pngBytes(), 1), "signed.png", "image/png");
    await client.v3.remix({ prompt: "a remix", image: new URL(f.url) });
    expect(host.requests).toHaveLength(1);
    expect(host.requests[0]!.headers["api-key"]).toBeUndefined();
    expect(host.requests[0]!.headers.authorization).toBeUndefined();
    expect(host.requests[0]!.headers.cookie).toBeUndefined();
    expect(only().parts()[1]!.filename).toBe("signed.png");
  });

  it("a toFile name and type win over the derived ones", async () => {
    const f = await fixture(bigImage(jpegBytes(), 2), "derived.jpg", "image/jpeg");
    await client.v3.remix({ prompt: "a remix", image: await toFile(f.path, "chosen.jpg", { type: "image/jpeg" }) });
    const image = only().parts()[1]!;
    expect([image.filename, image.contentType]).toEqual(["chosen.jpg", "image/jpeg"]);
    expectSameBytes(image.data, f.bytes);
  });

  it("a path of exactly 25 MB is accepted and streamed with a Content-Length", async () => {
    const path = join(dir, "exactly-25mb.png");
    await sparseImage(path, MAX_FILE_BYTES);
    await client.v3.remix({ prompt: "big", image: path });
    const request = only();
    expectFixedLength(request);
    const image = request.parts()[1]!;
    expect(image.data.length).toBe(MAX_FILE_BYTES);
    expect([image.filename, image.contentType]).toEqual(["exactly-25mb.png", "image/png"]);
    expectSameBytes(image.data.subarray(0, 64), (await readHead(path, 64)));
  });
});

describe("a path is streamed from disk, never held whole in memory", () => {
  it("while a 24 MB path is being sent, the bytes already sent are not kept in memory", async () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const path = join(dir, "streamed.png");
    await sparseImage(path, 24 * MiB);
    let received = 0;
    let paused: IncomingMessage | undefined;
    let reached!: () => void;
    const halfway = new Promise<void>((resolve) => (reached = resolve));
    // Discards what it reads (the capture server would keep the body in this very process), and stops
    // reading at 16 MB, so that the upload is caught in the middle.
    const sink = createServer((req, res) => {
      req.on("data", (chunk: Buffer) => {
        received += chunk.length;
        if (received >= 16 * MiB && !paused) {
          paused = req;
          req.pause();
          reached();
        }
      });
      req.on("end", () => json(res, 200, IMAGE_RESPONSE));
    });
    await new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", resolve));
    try {
      const local = new Ideogram({ apiKey: KEY, baseURL: `http://127.0.0.1:${(sink.address() as AddressInfo).port}`, maxRetries: 0 });
      gc();
      gc();
      const before = process.memoryUsage().arrayBuffers;
      const call = local.v3.remix({ prompt: "streamed", image: path });
      await halfway;
      await new Promise((resolve) => setTimeout(resolve, 100)); // the client fills what the socket takes
      gc();
      gc();
      const held = process.memoryUsage().arrayBuffers - before;
      paused!.resume();
      await call;
      expect(received).toBeGreaterThan(24 * MiB);
      // 16 MB or more have been sent: holding them (a teed request body) would show here.
      expect(held, `${(held / MiB).toFixed(1)} MB of buffers held mid-upload`).toBeLessThan(8 * MiB);
    } finally {
      await new Promise<void>((resolve) => sink.close(() => resolve()));
    }
  });
});

// ── several kinds in one list field ─────────────────────────────────────────────────────────────

describe("a list field takes several kinds mixed in one call (v3.generate style_reference_images)", () => {
  it("sends one part per item, in order, each with its own bytes, name and type", async () => {
    const fixtures: Fixture[] = [];
    for (const [index] of KINDS.entries()) {
      const format = FORMATS[index % FORMATS.length]!;
      fixtures.push(await fixture(bigImage(format.head(), 100 + index, 40 * 1024 + index * 1000), `ref-${index}.${format.ext}`, format.type, format.ext));
    }
    const inputs = await Promise.all(KINDS.map((kind, index) => kind.make(fixtures[index]!)));
    await client.v3.generate({ prompt: "in these styles", style_reference_images: inputs as never });
    const request = only();
    expect(request.url).toBe("/v1/ideogram-v3/generate");
    expectFixedLength(request);
    const parts = request.parts();
    expect(parts[0]!.name).toBe("prompt");
    const files = parts.slice(1);
    expect(files.map((part) => part.name)).toEqual(KINDS.map(() => "style_reference_images"));
    expect(files.map((part) => [part.filename, part.contentType])).toEqual(
      KINDS.map((kind, index) => [kind.name(fixtures[index]!), fixtures[index]!.type]),
    );
    files.forEach((part, index) => expectSameBytes(part.data, fixtures[index]!.bytes, `${KINDS[index]!.label} (item ${index})`));
  });
});

// ── refusals before sending ─────────────────────────────────────────────────────────────────────

const GIF = new Uint8Array([...Buffer.from("GIF89a"), 1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0x21, 0xf9, 4, 1, 0, 0, 0, 0, 0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 1, 0, 0x3b]);
const TEXT = new TextEncoder().encode("This is not an image at all, just some words in a text file.\n".repeat(20));

describe("what is not a JPEG, PNG or WebP is refused before sending, for every kind", () => {
  const bad = [
    { label: "GIF", bytes: GIF, baseName: "anim.gif", type: "image/gif" },
    { label: "text", bytes: TEXT, baseName: "notes.txt", type: "text/plain" },
  ];
  for (const sample of bad) {
    for (const kind of KINDS) {
      it(`${kind.label}, ${sample.label}`, async () => {
        const f = await fixture(sample.bytes, sample.baseName, sample.type, "bin");
        const error = await refusal(client.v3.remix({ prompt: "a remix", image: (await kind.make(f)) as never }));
        expect(error.issues).toEqual([{ path: "image", message: expect.stringMatching(/JPEG, PNG or WebP/) }]);
        expect(error.message).toMatch(/image/);
        expect(api.requests).toHaveLength(0);
      });
    }
  }

  it("names the offending item of a list field", async () => {
    const good = await fixture(pngBytes(), "ok.png", "image/png");
    const gif = await fixture(GIF, "anim.gif", "image/gif");
    const error = await refusal(
      client.v3.generate({ prompt: "styles", style_reference_images: [good.bytes, gif.path, new Blob([TEXT])] }),
    );
    expect(error.issues.map((issue) => issue.path)).toEqual(["style_reference_images.1", "style_reference_images.2"]);
    expect(api.requests).toHaveLength(0);
  });

  it("refuses a path that does not exist, and a folder", async () => {
    const missing = join(dir, "no-such-image.png");
    const error = await refusal(client.v3.remix({ prompt: "a remix", image: missing }));
    expect(error.issues).toEqual([{ path: "image", message: expect.stringContaining("no such file") }]);
    expect(error.message).toContain(missing);
    const folder = await refusal(client.v3.generate({ prompt: "styles", style_reference_images: [pngBytes(), dir] }));
    expect(folder.issues).toEqual([{ path: "style_reference_images.1", message: expect.stringMatching(/folder/) }]);
    expect(api.requests).toHaveLength(0);
  });

  it("refuses a fetch Response that failed or whose body was already read", async () => {
    const failed = await refusal(client.v3.remix({ prompt: "a remix", image: new Response(pngBytes(), { status: 404 }) }));
    expect(failed.issues).toEqual([{ path: "image", message: expect.stringContaining("404") }]);
    const used = new Response(pngBytes());
    await used.arrayBuffer();
    const read = await refusal(client.v3.remix({ prompt: "a remix", image: used }));
    expect(read.issues).toEqual([{ path: "image", message: expect.stringMatching(/already read/) }]);
    expect(api.requests).toHaveLength(0);
  });

  it("a stream that fails while read (fs.createReadStream of a missing file, an erroring web stream) is an IdeogramError naming the field", async () => {
    const missing = join(dir, "gone.png");
    const fromDisk = await client.v3.remix({ prompt: "a remix", image: createReadStream(missing) }).catch((e: unknown) => e);
    expect(fromDisk).toBeInstanceOf(IdeogramError);
    expect((fromDisk as Error).message).toMatch(/image/);
    expect((fromDisk as Error).message).toMatch(/no such file|ENOENT/);
    const failing = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error("disk on fire"));
      },
    });
    const fromWeb = await client.v3.remix({ prompt: "a remix", image: failing }).catch((e: unknown) => e);
    expect(fromWeb).toBeInstanceOf(IdeogramError);
    expect((fromWeb as Error).message).toMatch(/image/);
    expect((fromWeb as Error).message).toMatch(/disk on fire/);
    expect(api.requests).toHaveLength(0);
  });

  it("refuses a URL that is not http(s), without fetching it", async () => {
    const spy = vi.fn(globalThis.fetch);
    vi.stubGlobal("fetch", spy);
    for (const url of ["file:///etc/passwd", "ftp://127.0.0.1/image.png", "data:image/png;base64,iVBORw0KGgo="]) {
      const error = await refusal(client.v3.remix({ prompt: "a remix", image: new URL(url) }));
      expect(error.issues).toEqual([{ path: "image", message: expect.any(String) }]);
    }
    expect(spy).not.toHaveBeenCalled();
    expect(api.requests).toHaveLength(0);
  });

  it("fetches an http URL input (the issue: URL inputs are http(s); only downloads of results are https-only)", async () => {
    const png = pngBytes(3, 3);
    const seen: string[] = [];
    const real = globalThis.fetch;
    vi.stubGlobal("fetch", (input: string | URL | Request, init?: RequestInit) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url.startsWith("http://images.example.test/")) {
        seen.push(url);
        return Promise.resolve(new Response(png, { headers: { "content-type": "image/png" } }));
      }
      return real(input, init);
    });
    await client.v3.remix({ prompt: "a remix", image: new URL("http://images.example.test/cat.png") });
    expect(seen).toEqual(["http://images.example.test/cat.png"]);
    const image = only().parts()[1]!;
    expect([image.filename, image.contentType]).toEqual(["cat.png", "image/png"]);
    expectSameBytes(image.data, png);
  });
});

// ── size limits ─────────────────────────────────────────────────────────────────────────────────

/** A valid PNG header, then zeros up to `size` bytes; sparse on disk, so cheap to make. */
async function sparseImage(path: string, size: number): Promise<void> {
  const handle = await open(path, "w");
  try {
    await handle.write(pngBytes());
    await handle.truncate(size);
  } finally {
    await handle.close();
  }
}

async function readHead(path: string, bytes: number): Promise<Uint8Array> {
  const handle = await open(path, "r");
  try {
    const head = new Uint8Array(bytes);
    await handle.read(head, 0, bytes, 0);
    return head;
  } finally {
    await handle.close();
  }
}

/** Counts what a source hands out: how many 1 MiB chunks, and whether it was told to stop. */
interface Source {
  pulled: number;
  stopped: boolean;
}

/** 1 MiB chunks (the same buffer each time: no 25 MB is allocated), at most `limit` of them. */
function oneMiBChunks(): { first: Uint8Array; rest: Uint8Array } {
  const first = new Uint8Array(MiB);
  first.set(pngBytes());
  return { first, rest: new Uint8Array(MiB).fill(0x42) };
}

function endlessWebStream(source: Source, limit = 40): ReadableStream<Uint8Array> {
  const { first, rest } = oneMiBChunks();
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (source.pulled >= limit) return controller.close();
        source.pulled++;
        controller.enqueue(source.pulled === 1 ? first : rest);
      },
      cancel() {
        source.stopped = true;
      },
    },
    { highWaterMark: 0 },
  );
}

function endlessNodeStream(source: Source, limit = 40): Readable {
  const { first, rest } = oneMiBChunks();
  async function* generate() {
    try {
      while (source.pulled < limit) {
        source.pulled++;
        yield Buffer.from((source.pulled === 1 ? first : rest).buffer);
      }
    } finally {
      source.stopped = true;
    }
  }
  return Readable.from(generate(), { highWaterMark: 1 });
}

describe("limits: 25 MB an image, 50 MB a request, refused before sending", () => {
  it("a path over 25 MB is refused naming the field and the limit", async () => {
    const path = join(dir, "too-big.png");
    await sparseImage(path, MAX_FILE_BYTES + 1);
    const error = await refusal(client.v3.remix({ prompt: "big", image: path }));
    expect(error.issues).toEqual([{ path: "image", message: expect.stringMatching(/25 MB/) }]);
    expect(api.requests).toHaveLength(0);
  });

  it("a Blob over 25 MB is refused naming the list item", async () => {
    const path = join(dir, "too-big-blob.png");
    await sparseImage(path, 26 * MiB);
    const blob = await openAsBlob(path); // file-backed: nothing is allocated
    const error = await refusal(client.v3.generate({ prompt: "styles", style_reference_images: [pngBytes(), blob] }));
    expect(error.issues).toEqual([{ path: "style_reference_images.1", message: expect.stringMatching(/25 MB/) }]);
    expect(api.requests).toHaveLength(0);
  });

  const streams: [string, (source: Source) => unknown][] = [
    ["web ReadableStream", (source) => endlessWebStream(source)],
    ["Node stream (Readable.from a generator)", (source) => endlessNodeStream(source)],
    ["fetch Response", (source) => new Response(endlessWebStream(source))],
  ];
  for (const [label, make] of streams) {
    it(`a ${label} over 25 MB stops being read and is refused naming the field`, async () => {
      const source: Source = { pulled: 0, stopped: false };
      const error = await refusal(client.v3.remix({ prompt: "big", image: make(source) as never }));
      expect(error.issues).toEqual([{ path: "image", message: expect.stringMatching(/25 MB/) }]);
      // Read up to the first chunk past the limit (plus what a stream buffers ahead), not to its end.
      expect(source.pulled).toBeGreaterThanOrEqual(26);
      expect(source.pulled).toBeLessThanOrEqual(28);
      await vi.waitFor(() => expect(source.stopped).toBe(true));
      expect(api.requests).toHaveLength(0);
    });
  }

  it("a URL whose body passes 25 MB is refused naming the field", async () => {
    const { first, rest } = oneMiBChunks();
    let written = 0;
    host.handle(async (_request, res) => {
      res.writeHead(200, { "content-type": "image/png" }); // no Content-Length: counted while read
      res.on("error", () => {});
      for (written = 0; written < 40 && !res.destroyed; written++) {
        if (!res.write(written === 0 ? first : rest)) await drained(res);
      }
      res.end();
    });
    const error = await refusal(client.v3.remix({ prompt: "big", image: new URL(`${host.baseURL}/huge.png`) }));
    expect(error.issues).toEqual([{ path: "image", message: expect.stringMatching(/25 MB|26,?214,?400/) }]);
    expect(api.requests).toHaveLength(0);
  });

  it("files adding up to over 50 MB a request are refused, however they are given", async () => {
    const paths = [0, 1, 2].map((index) => join(dir, `twenty-${index}.png`));
    for (const path of paths) await sparseImage(path, 20 * MiB);
    const allPaths = await refusal(client.v3.generate({ prompt: "styles", style_reference_images: paths }));
    expect(allPaths.message).toMatch(/50 MB/);
    const mixed = await refusal(
      client.v3.remix({ prompt: "styles", image: paths[0]!, style_reference_images: [await openAsBlob(paths[1]!), paths[2]!] }),
    );
    expect(mixed.message).toMatch(/50 MB/);
    expect(api.requests).toHaveLength(0);
  });
});

// ── retries ─────────────────────────────────────────────────────────────────────────────────────

describe("a retry sends exactly the same body again (429, Retry-After: 0, then 200)", () => {
  for (const kind of KINDS) {
    it(kind.label, async () => {
      const f = await fixture(bigImage(pngBytes(8, 8), 500), "retried.png", "image/png");
      let attempt = 0;
      api.handle((_request, res) => {
        if (attempt++ === 0) return json(res, 429, { error: "slow down" }, { "retry-after": "0" });
        json(res, 200, IMAGE_RESPONSE);
      });
      const response = await client.v3.remix({ prompt: "a remix", image: (await kind.make(f)) as never });
      expect(response.data).toHaveLength(1);
      expect(api.requests).toHaveLength(2);
      const [first, second] = api.requests as [CapturedRequest, CapturedRequest];
      for (const request of [first, second]) {
        expectFixedLength(request);
        const image = request.parts()[1]!;
        expect(image.filename).toBe(kind.name(f));
        expectSameBytes(image.data, f.bytes, `image part of attempt ${api.requests.indexOf(request) + 1}`);
      }
      expect(second.headers["content-type"]).toBe(first.headers["content-type"]);
      expectSameBytes(second.body, first.body, "whole body of the retry");
    });
  }

  it("a list of one-shot inputs is resent whole", async () => {
    const fixtures = await Promise.all(
      [0, 1, 2].map((index) => fixture(bigImage(jpegBytes(), 600 + index), `r${index}.jpg`, "image/jpeg")),
    );
    let attempt = 0;
    api.handle((_request, res) => (attempt++ === 0 ? json(res, 429, { error: "later" }, { "retry-after": "0" }) : json(res, 200, IMAGE_RESPONSE)));
    await client.v3.generate({
      prompt: "styles",
      style_reference_images: [webStream(fixtures[0]!.bytes), createReadStream(fixtures[1]!.path), fixtures[2]!.path],
    });
    expect(api.requests).toHaveLength(2);
    expectSameBytes(api.requests[1]!.body, api.requests[0]!.body, "whole body of the retry");
    api.requests[1]!.parts().slice(1).forEach((part, index) => expectSameBytes(part.data, fixtures[index]!.bytes));
  });
});

// ── toFile ──────────────────────────────────────────────────────────────────────────────────────

describe("toFile takes every kind", () => {
  for (const kind of KINDS) {
    it(kind.label, async () => {
      const f = await fixture(bigImage(webpBytes(), 700), "tofile.webp", "image/webp");
      const file = await toFile((await kind.make(f)) as never);
      expect(Object.prototype.toString.call(file)).toBe("[object File]");
      if (kind.label !== "string path") expect(file).toBeInstanceOf(File); // a path gives a lazy file, read from disk when sent
      expect({ name: file.name, type: file.type, size: file.size }).toEqual({ name: kind.name(f), type: "image/webp", size: f.bytes.byteLength });
      expectSameBytes(new Uint8Array(await file.arrayBuffer()), f.bytes);
    });
  }

  for (const kind of KINDS) {
    it(`${kind.label}, with a name and a type`, async () => {
      const f = await fixture(bigImage(pngBytes(), 800), "named.png", "image/png");
      const file = await toFile((await kind.make(f)) as never, "given-name.png", { type: "image/png" });
      expect([file.name, file.type, file.size]).toEqual(["given-name.png", "image/png", f.bytes.byteLength]);
      expectSameBytes(new Uint8Array(await file.arrayBuffer()), f.bytes);
    });
  }

  it("a toFile of a stream can be sent, and resent on a retry", async () => {
    const f = await fixture(bigImage(pngBytes(), 900), "kept.png", "image/png");
    const file = await toFile(webStream(f.bytes), "kept.png");
    let attempt = 0;
    api.handle((_request, res) => (attempt++ === 0 ? json(res, 503, { error: "busy" }, { "retry-after": "0" }) : json(res, 200, IMAGE_RESPONSE)));
    await client.v3.remix({ prompt: "a remix", image: file });
    expect(api.requests).toHaveLength(2);
    for (const request of api.requests) expectSameBytes(request.parts()[1]!.data, f.bytes);
  });
});

/** Resolves when a response can take more (or has closed), leaving no listener behind. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}
