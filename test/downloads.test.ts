/**
 * Results: `downloadImages` and `saveImages` fetch the API's temporary image links from a real server on
 * 127.0.0.1 (loopback http is allowed for tests; anything else must be https), without credentials, with a
 * size cap, a content check and a timeout, and say when a link has expired.
 */
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { Ideogram, ImageDownloadError, downloadImages, saveImages } from "ideogram-sdk";
import { json, startCaptureServer, type CaptureServer } from "./helpers/capture-server";
import { jpegBytes, pngBytes, webpBytes } from "./helpers/images";

let host: CaptureServer;
let dir: string;

const PNG = pngBytes(6, 4, [1, 2, 3]);
const JPEG = jpegBytes(10, 20);
const WEBP = webpBytes(7, 9);

type Route = (res: ServerResponse, url: URL) => void | Promise<void>;
const routes = new Map<string, Route>();

function image(bytes: Uint8Array, type: string | null = null, extra: Record<string, string> = {}): Route {
  return (res) => {
    res.writeHead(200, { ...(type ? { "content-type": type } : {}), "content-length": String(bytes.byteLength), ...extra });
    res.end(Buffer.from(bytes));
  };
}

beforeAll(async () => {
  host = await startCaptureServer((request, res) => {
    const url = new URL(request.url, "http://127.0.0.1");
    const route = routes.get(url.pathname);
    if (!route) return json(res, 404, { error: "no route" });
    return route(res, url);
  });
  dir = await mkdtemp(join(tmpdir(), "ideogram-downloads-"));
});
afterAll(async () => {
  await host.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  host.requests.length = 0;
  routes.clear();
  routes.set("/a.png", image(PNG, "image/png"));
  routes.set("/b.jpg", image(JPEG, "image/jpeg"));
  routes.set("/c.webp", image(WEBP, "image/webp"));
});

const at = (path: string) => `${host.baseURL}${path}`;

function item(url: string | null, extra: Record<string, unknown> = {}) {
  return { url, prompt: "p", resolution: "1024x1024", is_image_safe: url !== null, seed: 42, style_type: "GENERAL", ...extra };
}

function response(...data: ReturnType<typeof item>[]) {
  return { created: "2025-01-02T03:04:05.678Z", data };
}

async function failure(promise: Promise<unknown>): Promise<ImageDownloadError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImageDownloadError);
  return error as ImageDownloadError;
}

async function bytesOf(blob: Blob | null): Promise<Uint8Array> {
  expect(blob).toBeInstanceOf(Blob);
  return new Uint8Array(await blob!.arrayBuffer());
}

// ── downloadImages ──────────────────────────────────────────────────────────────────────────────

describe("downloadImages", () => {
  it("returns one Blob per item with its bytes, and null for unsafe items, in order", async () => {
    // The first answers last: the order is the response's, not the order of arrival.
    routes.set("/slow.png", async (res) => {
      await new Promise((resolve) => setTimeout(resolve, 150));
      image(PNG, "image/png")(res, new URL(at("/slow.png")));
    });
    const blobs = await downloadImages(response(item(at("/slow.png")), item(null), item(at("/b.jpg")), item(at("/c.webp")), item(null)));
    expect(blobs).toHaveLength(5);
    expect(await bytesOf(blobs[0]!)).toEqual(PNG);
    expect(blobs[1]).toBeNull();
    expect(await bytesOf(blobs[2]!)).toEqual(JPEG);
    expect(await bytesOf(blobs[3]!)).toEqual(WEBP);
    expect(blobs[4]).toBeNull();
    expect(blobs.map((blob) => blob?.type ?? null)).toEqual(["image/png", null, "image/jpeg", "image/webp", null]);
    expect(host.requests).toHaveLength(3);
  });

  it("gives null for an item withheld by the safety check even when it carries a URL, without fetching it", async () => {
    const blobs = await downloadImages(response(item(at("/a.png")), item(at("/b.jpg"), { is_image_safe: false })));
    expect(blobs[1]).toBeNull();
    expect(await bytesOf(blobs[0]!)).toEqual(PNG);
    expect(host.requests.map((request) => request.url)).toEqual(["/a.png"]);
  });

  it("accepts an image whatever its content type says when it is image/* or octet-stream, or missing", async () => {
    routes.set("/octet", image(PNG, "application/octet-stream"));
    routes.set("/none", image(JPEG, null));
    routes.set("/mislabelled", image(WEBP, "image/png"));
    const blobs = await downloadImages(response(item(at("/octet")), item(at("/none")), item(at("/mislabelled"))));
    expect(blobs.map((blob) => blob!.type)).toEqual(["image/png", "image/jpeg", "image/webp"]);
  });

  it("sends no API key, cookie or authorization to the image host, even for a client call's own response", async () => {
    const api = await startCaptureServer((_request, res) =>
      json(res, 200, response(item(at("/a.png")), item(at("/b.jpg")))),
    );
    try {
      const client = new Ideogram({ apiKey: "sk-secret-download-key", baseURL: api.baseURL, defaultHeaders: { "x-team": "t1" } });
      const result = await client.v3.generate({ prompt: "two images", num_images: 2 });
      expect(api.requests[0]!.headers["api-key"]).toBe("sk-secret-download-key");
      const blobs = await downloadImages(result);
      expect(blobs.every((blob) => blob instanceof Blob)).toBe(true);
    } finally {
      await api.close();
    }
    expect(host.requests).toHaveLength(2);
    for (const request of host.requests) {
      expect(request.headers["api-key"]).toBeUndefined();
      expect(request.headers.cookie).toBeUndefined();
      expect(request.headers.authorization).toBeUndefined();
      expect(JSON.stringify(request.headers)).not.toContain("sk-secret-download-key");
    }
  });

  it("refuses http to a host that is not loopback, and other protocols, without a request", async () => {
    const fetchSpy = vi.fn(globalThis.fetch);
    for (const url of [
      "http://example.com/image.png",
      "http://10.0.0.7/image.png",
      "http://localhost.example.com/image.png",
      "http://127.0.0.1.nip.io/image.png",
      "ftp://127.0.0.1/image.png",
      "file:///etc/passwd",
      "data:image/png;base64,iVBORw0KGgo=",
    ]) {
      const error = await failure(downloadImages(response(item(url)), { fetch: fetchSpy }));
      expect(error.message).toMatch(/https/);
    }
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it("allows loopback http by name and address", async () => {
    const port = new URL(host.baseURL).port;
    const blobs = await downloadImages(response(item(`http://localhost:${port}/a.png`), item(`http://127.0.0.1:${port}/b.jpg`)));
    expect(await bytesOf(blobs[0]!)).toEqual(PNG);
    expect(await bytesOf(blobs[1]!)).toEqual(JPEG);
  });

  it("follows redirects, checking each hop", async () => {
    routes.set("/r1", (res) => {
      res.writeHead(302, { location: "/r2?sig=x" });
      res.end();
    });
    routes.set("/r2", (res) => {
      res.writeHead(307, { location: at("/a.png") });
      res.end();
    });
    const [blob] = await downloadImages(response(item(at("/r1"))));
    expect(await bytesOf(blob!)).toEqual(PNG);
    expect(host.requests.map((request) => request.url)).toEqual(["/r1", "/r2?sig=x", "/a.png"]);
    for (const request of host.requests) expect(request.headers["api-key"]).toBeUndefined();
  });

  it("refuses a redirect to http on another host, or to another protocol, without following it", async () => {
    for (const target of ["http://example.com/a.png", "file:///etc/passwd", "ftp://127.0.0.1/a.png"]) {
      routes.set("/away", (res) => {
        res.writeHead(302, { location: target });
        res.end();
      });
      const fetchSpy = vi.fn(globalThis.fetch);
      const error = await failure(downloadImages(response(item(at("/away"))), { fetch: fetchSpy }));
      expect(error.message).toMatch(/https/);
      expect(fetchSpy).toHaveBeenCalledTimes(1);
      expect(fetchSpy.mock.calls[0]![0]).toBe(at("/away"));
    }
  });

  it("gives up on a redirect loop", async () => {
    routes.set("/loop", (res) => {
      res.writeHead(302, { location: "/loop" });
      res.end();
    });
    const error = await failure(downloadImages(response(item(at("/loop")))));
    expect(error.message).toMatch(/redirect/i);
    expect(host.requests.length).toBeLessThanOrEqual(21);
  });

  it("refuses a body over maxBytes, with a Content-Length", async () => {
    const big = new Uint8Array(10_000);
    big.set(PNG);
    routes.set("/big.png", image(big, "image/png"));
    const error = await failure(downloadImages(response(item(at("/big.png"))), { maxBytes: 9_999 }));
    expect(error.message).toMatch(/9,?999/);
    const [ok] = await downloadImages(response(item(at("/big.png"))), { maxBytes: 10_000 });
    expect((await bytesOf(ok!)).byteLength).toBe(10_000);
  });

  it("refuses a body over maxBytes without a Content-Length, and stops reading it", async () => {
    let written = 0;
    let closed = false;
    routes.set("/endless.png", async (res) => {
      res.writeHead(200, { "content-type": "image/png" }); // chunked: the size is only known while reading
      res.on("close", () => (closed = true));
      res.on("error", () => {});
      const chunk = new Uint8Array(64 * 1024);
      chunk.set(PNG);
      for (written = 0; written < 400 && !res.destroyed; written++) {
        if (!res.write(chunk)) await drained(res);
      }
      res.end();
    });
    const error = await failure(downloadImages(response(item(at("/endless.png"))), { maxBytes: 256 * 1024 }));
    expect(error.message).toMatch(/262,?144/);
    await vi.waitFor(() => expect(closed).toBe(true));
    expect(written).toBeLessThan(400); // not read to the end (25 MB)
  });

  it("refuses a body that is not an image, and an image whose content type says it is something else", async () => {
    routes.set("/page", image(new TextEncoder().encode("<html>expired</html>"), "text/html"));
    routes.set("/text-as-png", image(new TextEncoder().encode("definitely not an image"), "image/png"));
    routes.set("/gif", image(new Uint8Array([...Buffer.from("GIF89a"), 1, 0, 1, 0, 0, 0, 0, 0x3b]), "image/gif"));
    routes.set("/png-as-html", image(PNG, "text/html; charset=utf-8"));
    routes.set("/png-as-json", image(PNG, "application/json"));
    routes.set("/empty", image(new Uint8Array(0), "image/png"));
    for (const path of ["/page", "/text-as-png", "/gif", "/png-as-html", "/png-as-json", "/empty"]) {
      const error = await failure(downloadImages(response(item(at(path)))));
      expect(error.message).toMatch(/JPEG, PNG or WebP/);
      expect(error.status).toBe(200);
    }
  });

  for (const status of [403, 404, 410]) {
    it(`${status}: ImageDownloadError with the status and a message saying the link has expired`, async () => {
      routes.set("/gone.png", (res) => json(res, status, { error: "AccessDenied" }));
      const error = await failure(downloadImages(response(item(at("/gone.png?X-Amz-Signature=secret")))));
      expect(error.status).toBe(status);
      expect(error.message).toMatch(/expired/);
      expect(error.message).not.toContain("secret"); // the signed query is not repeated
    });
  }

  for (const status of [500, 503, 400]) {
    it(`${status}: ImageDownloadError with the status, not called expired`, async () => {
      routes.set("/broken.png", (res) => json(res, status, { error: "oops" }));
      const error = await failure(downloadImages(response(item(at("/broken.png")))));
      expect(error.status).toBe(status);
      expect(error.message).toContain(String(status));
      expect(error.message).not.toMatch(/expired/);
    });
  }

  it("times out when the host does not answer", async () => {
    routes.set("/silent.png", () => {}); // never answers
    const started = Date.now();
    const error = await failure(downloadImages(response(item(at("/silent.png"))), { timeout: 200 }));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error.message).toMatch(/timed out/);
  });

  it("times out when the body stalls after the headers", async () => {
    routes.set("/stall.png", (res) => {
      res.writeHead(200, { "content-type": "image/png", "content-length": "100000" });
      res.write(Buffer.from(PNG)); // then nothing more
    });
    const error = await failure(downloadImages(response(item(at("/stall.png"))), { timeout: 300 }));
    expect(error.message).toMatch(/timed out/);
  });

  it("fails with ImageDownloadError when the host cannot be reached", async () => {
    const error = await failure(downloadImages(response(item("http://127.0.0.1:1/a.png")), { timeout: 5_000 }));
    expect(error.status).toBeUndefined();
  });

  it("stops on the caller's abort signal", async () => {
    routes.set("/silent.png", () => {});
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await expect(downloadImages(response(item(at("/silent.png"))), { signal: controller.signal, timeout: 10_000 })).rejects.toBeTruthy();
  });
});

// ── saveImages ──────────────────────────────────────────────────────────────────────────────────

describe("saveImages", () => {
  it("writes the images to a new folder and returns their paths in order, null for unsafe ones", async () => {
    const folder = join(dir, "new", "nested", "folder");
    const paths = await saveImages(response(item(at("/a.png"), { seed: 1 }), item(null), item(at("/b.jpg"), { seed: 2 }), item(at("/c.webp"), { seed: 3 })), folder);
    expect(paths).toHaveLength(4);
    expect(paths[1]).toBeNull();
    const saved = [paths[0], paths[2], paths[3]] as string[];
    expect(saved.every((path) => path.startsWith(folder))).toBe(true);
    expect(saved.map((path) => path.split(".").pop())).toEqual(["png", "jpg", "webp"]);
    expect(new Set(saved).size).toBe(3);
    expect(new Uint8Array(await readFile(saved[0]!))).toEqual(PNG);
    expect(new Uint8Array(await readFile(saved[1]!))).toEqual(JPEG);
    expect(new Uint8Array(await readFile(saved[2]!))).toEqual(WEBP);
    expect((await readdir(folder)).sort()).toEqual(saved.map((path) => path.slice(folder.length + 1)).sort());
  });

  it("saves nothing for an item withheld by the safety check, even when it carries a URL", async () => {
    const folder = join(dir, "unsafe");
    const paths = await saveImages(response(item(at("/a.png")), item(at("/b.jpg"), { is_image_safe: false })), folder);
    expect(paths[1]).toBeNull();
    expect(await readdir(folder)).toHaveLength(1);
    expect(host.requests.map((request) => request.url)).toEqual(["/a.png"]);
  });

  it("names files with the name option", async () => {
    const folder = join(dir, "named");
    const calls: [number, string, number][] = [];
    const paths = await saveImages(response(item(at("/b.jpg"), { seed: 7 }), item(null), item(at("/a.png"), { seed: 9 })), folder, {
      name: (image, index, extension) => {
        calls.push([index, extension, image.seed]);
        return `picture-${index}-${image.seed}.${extension}`;
      },
    });
    expect(paths).toEqual([join(folder, "picture-0-7.jpg"), null, join(folder, "picture-2-9.png")]);
    expect(calls.sort()).toEqual([[0, "jpg", 7], [2, "png", 9]]);
    expect(new Uint8Array(await readFile(paths[0]!))).toEqual(JPEG);
    expect(new Uint8Array(await readFile(paths[2]!))).toEqual(PNG);
  });

  it("writes nothing for a link that has expired, and says so", async () => {
    routes.set("/gone.png", (res) => json(res, 410, { error: "gone" }));
    const folder = join(dir, "expired");
    const error = await failure(saveImages(response(item(at("/gone.png"))), folder));
    expect(error.status).toBe(410);
    expect(error.message).toMatch(/expired/);
    const files = await readdir(folder).catch(() => []);
    expect(files).toEqual([]);
  });

  it("applies the same rules as downloadImages (https only, size cap)", async () => {
    await failure(saveImages(response(item("http://example.com/a.png")), join(dir, "refused")));
    await failure(saveImages(response(item(at("/a.png"))), join(dir, "capped"), { maxBytes: 10 }));
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
