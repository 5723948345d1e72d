/**
 * The one place where any file input becomes a named, typed file: in-memory inputs become a `File`, a path a
 * lazy file streamed from disk. One-shot inputs (streams, Responses) are read once, counted against the
 * limit as they are read, and kept, so that a retry sends exactly the same bytes.
 */
import { IdeogramError, ImageDownloadError, ValidationError, type ValidationIssue } from "../core/errors";
import { SNIFF_BYTES, sniffImageType, type ImageMediaType } from "../images/sniff";
import { platform } from "#platform";
import { fetchImage } from "../results/download";
import { isLazyFile, isNodeReadable, isUploadable, type FileLike, type Uploadable } from "./uploadable";

/** Ideogram's limits: 25 MB per image, 50 MB per request. */
export const MAX_FILE_BYTES = 25 * 1024 * 1024;
export const MAX_REQUEST_FILE_BYTES = 50 * 1024 * 1024;

const EXTENSIONS: Record<ImageMediaType, string> = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp" };

/**
 * Turns any file input into a `File` (a lazy one, streamed from disk, for a path). The name defaults to the
 * input's own (a File's name, a path's or URL's base name), else `image.<ext>`; the type to the one sniffed
 * from the bytes.
 */
export async function toFile(data: Uploadable, name?: string, options: { type?: string } = {}): Promise<File> {
  if (!isUploadable(data)) {
    throw new TypeError("toFile expects a Blob, File, Uint8Array, ArrayBuffer, ReadableStream, Node stream, Response, URL or file path");
  }
  return (await readInput(data, { name, type: options.type, path: "file" })).file as File;
}

interface ReadOptions {
  name?: string | undefined;
  type?: string | undefined;
  /** The field's wire path, for messages. */
  path: string;
}

/** A file read from any input, with the image type its first bytes say (read once: a path is opened once here). */
interface ReadFile {
  file: FileLike;
  sniffed: ImageMediaType | undefined;
}

async function readInput(data: Uploadable | FileLike, options: ReadOptions): Promise<ReadFile> {
  if (typeof data === "string") return fromPath(data, options);
  if (isLazyFile(data) && !(data instanceof Blob)) return { file: data, sniffed: await sniff(data) };
  const blob = await toBlob(data, options.path);
  const sniffed = await sniff(blob);
  const type = options.type ?? sniffed ?? blob.type;
  const fileName = options.name ?? ownName(data) ?? `image.${sniffed ? EXTENSIONS[sniffed] : "bin"}`;
  if (blob instanceof File && blob.name === fileName && blob.type === type) return { file: blob, sniffed };
  return { file: new File([blob], fileName, { type }), sniffed };
}

async function sniff(file: Pick<FileLike, "slice">): Promise<ImageMediaType | undefined> {
  return sniffImageType(new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer()));
}

async function fromPath(path: string, options: ReadOptions): Promise<ReadFile> {
  let head: Uint8Array;
  try {
    head = await platform.readHead(path, SNIFF_BYTES);
  } catch (error) {
    if (error instanceof IdeogramError) throw new ValidationError([{ path: options.path, message: error.message }]);
    const code = (error as { code?: string }).code;
    const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a folder, not a file" : (error as Error).message;
    throw new ValidationError([{ path: options.path, message: `cannot read ${JSON.stringify(path)}: ${reason}` }]);
  }
  const sniffed = sniffImageType(head);
  return { file: await platform.fileFromPath(path, { name: options.name, type: options.type ?? sniffed }), sniffed };
}

async function toBlob(data: Exclude<Uploadable, string>, path: string): Promise<Blob> {
  if (data instanceof Blob) return data;
  if (data instanceof ArrayBuffer) return new Blob([data]);
  if (ArrayBuffer.isView(data)) {
    return new Blob([new Uint8Array(data.buffer, data.byteOffset, data.byteLength) as Uint8Array<ArrayBuffer>]);
  }
  if (data instanceof URL) {
    try {
      const { bytes, type } = await fetchImage(data, { maxBytes: MAX_FILE_BYTES, allowHttp: true });
      return new Blob([bytes as Uint8Array<ArrayBuffer>], { type });
    } catch (error) {
      if (error instanceof ImageDownloadError) throw new ValidationError([{ path, message: error.message }]);
      throw error;
    }
  }
  if (data instanceof Response) {
    if (!data.ok) throw new ValidationError([{ path, message: `is a Response with status ${data.status}, not an image` }]);
    if (data.bodyUsed) throw new ValidationError([{ path, message: "is a Response whose body was already read" }]);
    return readStream(data.body ?? new Uint8Array(0), path);
  }
  return readStream(data, path);
}

/** Reads a stream once, refusing it as soon as it passes the per-image limit. */
async function readStream(stream: ReadableStream<Uint8Array> | AsyncIterable<unknown> | Uint8Array, path: string): Promise<Blob> {
  if (stream instanceof Uint8Array) return new Blob([stream as Uint8Array<ArrayBuffer>]);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const iterable: AsyncIterable<unknown> =
    stream instanceof ReadableStream && !(Symbol.asyncIterator in stream) ? iterate(stream) : (stream as AsyncIterable<unknown>);
  try {
    for await (const chunk of iterable) {
      const bytes = typeof chunk === "string" ? new TextEncoder().encode(chunk) : (chunk as Uint8Array);
      total += bytes.byteLength;
      if (total > MAX_FILE_BYTES) {
        throw new ValidationError([{ path, message: `is over the limit of 25 MB (${MAX_FILE_BYTES.toLocaleString("en")} bytes) per image (stopped reading at ${total.toLocaleString("en")} bytes)` }]);
      }
      chunks.push(bytes);
    }
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    throw new ValidationError([{ path, message: `could not be read: ${error instanceof Error ? error.message : String(error)}` }]);
  } finally {
    if (total > MAX_FILE_BYTES && isNodeReadable(stream)) (stream as { destroy?: () => void }).destroy?.();
  }
  return new Blob(chunks as Uint8Array<ArrayBuffer>[]);
}

async function* iterate(stream: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

function ownName(data: Uploadable | FileLike): string | undefined {
  if (typeof File !== "undefined" && data instanceof File && data.name && data.name !== "blob") return data.name;
  if (data instanceof URL) return data.pathname.split("/").pop() || undefined;
  const path = (data as { path?: unknown }).path; // fs.createReadStream keeps its path
  if (isNodeReadable(data) && typeof path === "string") return path.split(/[\\/]/).pop() || undefined;
  return undefined;
}

/** A file ready for its multipart part: named, typed from its bytes, within the limits. */
export interface PreparedFile {
  /** The part's name on the wire. */
  field: string;
  /** The wire path, for messages (`style_reference_images.1`). */
  path: string;
  file: FileLike;
}

/** A file the params hold: its wire field, its path for messages (`style_reference_images.1`), its value. */
export interface FileInput {
  field: string;
  path: string;
  value: Uploadable;
}

/**
 * Reads every file of a request (a path only as far as its first bytes), checks it is a JPEG, PNG or WebP
 * image within Ideogram's limits, and names and types it. Every problem is reported together, before
 * anything is sent.
 */
export async function prepareFiles(files: FileInput[], endpoint?: string): Promise<PreparedFile[]> {
  const issues: ValidationIssue[] = [];
  const prepared: PreparedFile[] = [];
  let total = 0;
  for (const { field, path, value } of files) {
    let file: FileLike;
    let sniffed: ImageMediaType | undefined;
    try {
      ({ file, sniffed } = await readInput(value, { path }));
    } catch (error) {
      if (error instanceof ValidationError) {
        issues.push(...error.issues);
        continue;
      }
      throw error;
    }
    if (!sniffed) {
      issues.push({ path, message: `must be a JPEG, PNG or WebP image (${describe(file)} is not)` });
      continue;
    }
    if (file.size > MAX_FILE_BYTES) {
      issues.push({ path, message: `is ${bytesText(file.size)}, over the limit of 25 MB (${MAX_FILE_BYTES.toLocaleString("en")} bytes) per image` });
    }
    total += file.size;
    prepared.push({ field, path, file: file.type === sniffed ? file : await retype(file, sniffed) });
  }
  if (total > MAX_REQUEST_FILE_BYTES) {
    issues.push({ path: "", message: `the files add up to ${bytesText(total)}, over the limit of 50 MB (${MAX_REQUEST_FILE_BYTES.toLocaleString("en")} bytes) per request` });
  }
  if (issues.length) throw new ValidationError(issues, endpoint);
  return prepared;
}

/** The same bytes under the sniffed content type (a lazy file keeps reading from disk). */
async function retype(file: FileLike, type: ImageMediaType): Promise<FileLike> {
  if (file instanceof Blob) return new File([file], file.name, { type });
  return {
    name: file.name, type, size: file.size, lastModified: file.lastModified, [Symbol.toStringTag]: "File",
    stream: () => file.stream(), slice: (start, end) => file.slice(start, end), arrayBuffer: () => file.arrayBuffer(),
  };
}

function describe(file: FileLike): string {
  return `${file.name || "the file"} (${file.size} bytes${file.type ? `, ${file.type}` : ""})`;
}

function bytesText(bytes: number): string {
  return `${bytes.toLocaleString("en")} bytes (${(bytes / 1024 / 1024).toFixed(1)} MB)`;
}
