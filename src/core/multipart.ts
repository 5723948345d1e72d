/**
 * Multipart bodies, as the documentation's examples send them: text parts first, in the order the params
 * give them, then file parts in their order. Numbers are decimal text, booleans true/false, an object
 * (`color_palette`, `image_request`) one JSON part, a list one part per item.
 */
import { FormDataEncoder } from "form-data-encoder";
import type { PreparedFile } from "../uploads/to-file";

export interface MultipartBody {
  body: Blob;
  contentType: string;
}

export function textParts(params: Record<string, unknown>, isFile: (value: unknown) => boolean): [string, string][] {
  const parts: [string, string][] = [];
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || isFile(value)) continue;
    if (Array.isArray(value) && !value.some(isFile)) {
      for (const item of value) parts.push([name, partText(item)]);
    } else if (!Array.isArray(value)) {
      parts.push([name, partText(value)]);
    }
  }
  return parts;
}

function partText(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/**
 * Encodes with form-data-encoder (boundary, part headers, name escaping) into one Blob: the files are not
 * copied, the length is known (fetch sends a Content-Length), and a retry can send the same Blob again.
 */
export function encodeMultipart(texts: [string, string][], files: PreparedFile[]): MultipartBody {
  const form = new FormData();
  for (const [name, text] of texts) form.append(name, text);
  for (const { field, file } of files) form.append(field, file, file.name);
  const encoder = new FormDataEncoder(form);
  const body = new Blob([...encoder.values()] as BlobPart[], { type: encoder.contentType });
  return { body, contentType: encoder.contentType };
}
