/**
 * Multipart bodies, as the documentation's examples send them: text parts first, in the order the params
 * give them, then file parts in their order. Numbers are decimal text, booleans true/false, an object
 * (`color_palette`, `image_request`) one JSON part, a list one part per item.
 */
import { FormDataEncoder, type FormDataLike } from "form-data-encoder";
import type { PreparedFile } from "../uploads/to-file";
import type { FileLike } from "../uploads/uploadable";

export interface MultipartBody {
  /**
   * A Blob when every file is in memory (no copy of the files; fetch sends its length; a retry sends it
   * again), else a function giving a fresh stream each attempt (files from disk are opened again).
   */
  body: Blob | (() => ReadableStream<Uint8Array>);
  contentType: string;
  /** Known whenever every file's size is known, which is always here. */
  contentLength: number | undefined;
}

export function textParts(params: Record<string, unknown>, fileFields: Set<string>): [string, string][] {
  const parts: [string, string][] = [];
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || fileFields.has(name)) continue;
    if (Array.isArray(value)) {
      for (const item of value) parts.push([name, partText(item)]);
    } else {
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
 * A file as form-data-encoder recognises one (`Symbol.toStringTag === "File"`): Bun's native File says
 * "Blob", and would be sent as the text "[object Blob]". Unwrapped again for an in-memory body.
 */
class EncoderFile {
  readonly [Symbol.toStringTag] = "File";
  constructor(readonly file: FileLike) {}
  get name() {
    return this.file.name;
  }
  get type() {
    return this.file.type;
  }
  get size() {
    return this.file.size;
  }
  get lastModified() {
    return this.file.lastModified;
  }
  stream() {
    return this.file.stream();
  }
}

/** The parts in order, as form-data-encoder reads them; unlike a FormData it keeps files as they are. */
class PartList implements FormDataLike {
  readonly [Symbol.toStringTag] = "FormData";
  readonly #entries: [string, string | FileLike][] = [];
  append(name: string, value: unknown): void {
    this.#entries.push([name, value as string | FileLike]);
  }
  getAll(name: string) {
    return this.#entries.filter(([key]) => key === name).map(([, value]) => value) as never[];
  }
  entries() {
    return this.#entries[Symbol.iterator]() as IterableIterator<[string, never]>;
  }
  [Symbol.iterator]() {
    return this.entries();
  }
}

/** Encodes with form-data-encoder (boundary, part headers, name escaping, length). */
export function encodeMultipart(texts: [string, string][], files: PreparedFile[]): MultipartBody {
  const parts = new PartList();
  for (const [name, text] of texts) parts.append(name, text);
  for (const { field, file } of files) parts.append(field, new EncoderFile(file));
  const encoder = new FormDataEncoder(parts);
  const contentLength = encoder.contentLength === undefined ? undefined : Number(encoder.contentLength);
  const inMemory = files.every(({ file }) => file instanceof Blob);
  // The Blob has no type of its own: the Content-Type header carries it (workerd warns when both do).
  const body = inMemory
    ? new Blob([...encoder.values()].map((part) => (part instanceof EncoderFile ? part.file : part)) as BlobPart[])
    : () => toReadableStream(encoder.encode());
  return { body, contentType: encoder.contentType, contentLength };
}

/** A web ReadableStream pulling from an async iterator (ReadableStream.from is missing on some runtimes). */
function toReadableStream(iterator: AsyncGenerator<Uint8Array>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    async cancel() {
      await iterator.return(undefined);
    },
  });
}
