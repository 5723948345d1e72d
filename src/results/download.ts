/**
 * Downloading images: the API's result links (temporary) and URL inputs. https only (http on loopback, for
 * tests), never with the API key or cookies, every redirect hop checked, a timeout, a size cap, and a check
 * that the body is an image.
 */
import { isLoopback } from "../core/env";
import { ImageDownloadError } from "../core/errors";
import { sniffImageType, type ImageMediaType } from "../images/sniff";

export interface DownloadOptions {
  /** Also fetch plain http: URLs (for file inputs given as a URL; result links are https). */
  allowHttp?: boolean;
  /** Milliseconds for each image, up to the end of its body. Default 60 000. */
  timeout?: number;
  /** Largest image accepted, in bytes. Default 50 MB. */
  maxBytes?: number;
  /** A fetch implementation. Default: the global fetch. */
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

const DEFAULT_TIMEOUT = 60_000;
const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
const MAX_REDIRECTS = 5;

/** What the download helpers read of a response: its images' links (any endpoint's `data` items will do). */
export interface ImageLinks {
  created?: string;
  data: { url?: string | null | undefined; is_image_safe?: boolean | undefined; seed?: number | undefined }[];
}

/** One entry per `data` item: the image as a Blob, or null where `is_image_safe` is false (no URL). */
export async function downloadImages(response: ImageLinks, options: DownloadOptions = {}): Promise<(Blob | null)[]> {
  return Promise.all(
    response.data.map(async (image) => {
      if (!image.url || image.is_image_safe === false) return null;
      const { bytes, type } = await fetchImage(image.url, options);
      return new Blob([bytes as Uint8Array<ArrayBuffer>], { type });
    }),
  );
}

/** Fetches one image URL under the download rules; resolves to its bytes and sniffed type. */
export async function fetchImage(url: string | URL, options: DownloadOptions = {}): Promise<{ bytes: Uint8Array; type: ImageMediaType }> {
  const timeout = options.timeout ?? DEFAULT_TIMEOUT;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const fetchImpl = options.fetch ?? ((input: string, init?: RequestInit) => globalThis.fetch(input, init));
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new ImageDownloadError(`Downloading ${safeURL(url)} timed out after ${timeout} ms.`, { url: safeURL(url) })), timeout);
  const onAbort = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    let current = checkURL(new URL(url), options.allowHttp);
    for (let redirects = 0; ; redirects++) {
      const response = await fetchImpl(current.href, { redirect: "manual", credentials: "omit", signal: controller.signal }).catch((error: unknown) => {
        throw asDownloadError(error, controller.signal, current);
      });
      const location = response.headers.get("location");
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel().catch(() => {});
        if (redirects >= MAX_REDIRECTS) throw new ImageDownloadError(`Too many redirects downloading ${safeURL(url)}.`, { status: response.status, url: safeURL(url) });
        current = checkURL(new URL(location, current), options.allowHttp);
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel().catch(() => {});
        const expired = [403, 404, 410].includes(response.status);
        throw new ImageDownloadError(
          expired
            ? `The image link has expired or is no longer valid (${response.status}): ${safeURL(current)}. Links are temporary; download images soon after the call.`
            : `Downloading ${safeURL(current)} failed with status ${response.status}.`,
          { status: response.status, url: safeURL(current) },
        );
      }
      const declared = Number(response.headers.get("content-length") ?? NaN);
      if (declared > maxBytes) {
        await response.body?.cancel().catch(() => {});
        throw new ImageDownloadError(`The image at ${safeURL(current)} is ${declared} bytes, over the ${maxBytes}-byte limit.`, { status: response.status, url: safeURL(current) });
      }
      const bytes = await readCapped(response, maxBytes, current).catch((error: unknown) => {
        throw asDownloadError(error, controller.signal, current);
      });
      const type = sniffImageType(bytes.subarray(0, 32));
      const contentType = response.headers.get("content-type") ?? "";
      if (!type || (contentType && !/^image\/|^application\/octet-stream|^binary\/octet-stream/i.test(contentType))) {
        throw new ImageDownloadError(`${safeURL(current)} did not return a JPEG, PNG or WebP image (content type "${contentType || "none"}").`, {
          status: response.status,
          url: safeURL(current),
        });
      }
      return { bytes, type };
    }
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
  }
}

async function readCapped(response: Response, maxBytes: number, url: URL): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new ImageDownloadError(`The image at ${safeURL(url)} is over the ${maxBytes}-byte limit.`, { status: response.status, url: safeURL(url) });
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** https only; plain http only for loopback hosts (tests, the mock server), or when allowed. */
function checkURL(url: URL, allowHttp = false): URL {
  const loopback = isLoopback(url);
  if (url.protocol === "https:" || (url.protocol === "http:" && (loopback || allowHttp))) return url;
  const allowed = allowHttp ? "http: and https: URLs" : "https: URLs (or http: on loopback)";
  throw new ImageDownloadError(`Refusing to download ${safeURL(url)}: only ${allowed} are fetched.`, { url: safeURL(url) });
}

function asDownloadError(error: unknown, signal: AbortSignal, url: URL): ImageDownloadError {
  if (error instanceof ImageDownloadError) return error;
  if (signal.aborted && signal.reason instanceof ImageDownloadError) return signal.reason;
  if (signal.aborted) return new ImageDownloadError(`Downloading ${safeURL(url)} was aborted.`, { url: safeURL(url), cause: error });
  return new ImageDownloadError(`Downloading ${safeURL(url)} failed: ${error instanceof Error ? error.message : String(error)}`, { url: safeURL(url), cause: error });
}

/** The URL without its query (signed links carry their signature there). */
function safeURL(url: string | URL): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return String(url).split("?")[0]!;
  }
}
