/**
 * The one place where any file input becomes a `File` with a name and an image content type.
 */
import { ValidationError } from "../core/errors";
import { SNIFF_BYTES, sniffImageType, type ImageMediaType } from "../images/sniff";
import { isUploadable, type Uploadable } from "./uploadable";

/** Ideogram's limits: 25 MB per image, 50 MB per request. */
export const MAX_FILE_BYTES = 25 * 1024 * 1024;
export const MAX_REQUEST_FILE_BYTES = 50 * 1024 * 1024;

const EXTENSIONS: Record<ImageMediaType, string> = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp" };

/**
 * Turns any file input into a `File`. The name defaults to the File's own name, else `image.<ext>` from the
 * sniffed type; the type defaults to the one sniffed from the bytes.
 */
export async function toFile(data: Uploadable, name?: string, options: { type?: string } = {}): Promise<File> {
  if (!isUploadable(data)) {
    throw new TypeError("toFile expects a Blob, File, Uint8Array, ArrayBuffer, ReadableStream or Response");
  }
  const blob = await toBlob(data);
  const sniffed = sniffImageType(new Uint8Array(await blob.slice(0, SNIFF_BYTES).arrayBuffer()));
  const type = options.type ?? sniffed ?? blob.type;
  const fileName = name ?? ownName(data) ?? `image.${sniffed ? EXTENSIONS[sniffed] : "bin"}`;
  if (blob instanceof File && blob.name === fileName && blob.type === type) return blob;
  return new File([blob], fileName, { type });
}

async function toBlob(data: Uploadable): Promise<Blob> {
  if (data instanceof Blob) return data;
  if (data instanceof ArrayBuffer) return new Blob([data]);
  if (ArrayBuffer.isView(data)) {
    return new Blob([new Uint8Array(data.buffer, data.byteOffset, data.byteLength) as Uint8Array<ArrayBuffer>]);
  }
  if (data instanceof Response) return data.blob();
  return new Response(data).blob(); // a web ReadableStream, read once and kept so a retry resends the same bytes
}

function ownName(data: Uploadable): string | undefined {
  if (typeof File !== "undefined" && data instanceof File && data.name && data.name !== "blob") return data.name;
  return undefined;
}

/** A file ready for its multipart part: named, typed from its bytes, within the limits. */
export interface PreparedFile {
  /** The part's name on the wire. */
  field: string;
  file: File;
}

/** A file the params hold: its wire field, its path for messages (`style_reference_images.1`), its value. */
export interface FileInput {
  field: string;
  path: string;
  value: Uploadable;
}

/**
 * Reads every file of a request once, checks it is a JPEG, PNG or WebP image within Ideogram's limits, and
 * names and types it. Every problem is reported together, before anything is sent.
 */
export async function prepareFiles(files: FileInput[], endpoint?: string): Promise<PreparedFile[]> {
  const issues: { path: string; message: string }[] = [];
  const prepared: PreparedFile[] = [];
  let total = 0;
  for (const { field, path, value } of files) {
    const file = await toFile(value);
    const sniffed = sniffImageType(new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer()));
    if (!sniffed) {
      issues.push({ path, message: `must be a JPEG, PNG or WebP image (${describe(file)} is not)` });
      continue;
    }
    if (file.size > MAX_FILE_BYTES) {
      issues.push({ path, message: `is ${bytesText(file.size)}, over the limit of 25 MB (${MAX_FILE_BYTES.toLocaleString("en")} bytes) per image` });
    }
    total += file.size;
    const named = file.type === sniffed ? file : new File([file], file.name, { type: sniffed });
    prepared.push({ field, file: named });
  }
  if (total > MAX_REQUEST_FILE_BYTES) {
    issues.push({ path: "", message: `the files add up to ${bytesText(total)}, over the limit of 50 MB (${MAX_REQUEST_FILE_BYTES.toLocaleString("en")} bytes) per request` });
  }
  if (issues.length) throw new ValidationError(issues, endpoint);
  return prepared;
}

function describe(file: File): string {
  return `${file.name || "the file"} (${file.size} bytes${file.type ? `, ${file.type}` : ""})`;
}

function bytesText(bytes: number): string {
  return `${bytes.toLocaleString("en")} bytes (${(bytes / 1024 / 1024).toFixed(1)} MB)`;
}
