/**
 * What a file field accepts. Kept free of Node types so that edge runtimes load it as is.
 */

/** A Node.js readable stream (`fs.createReadStream`), recognised without importing Node's types. */
export interface NodeReadableLike extends AsyncIterable<unknown> {
  pipe: (...args: never[]) => unknown;
  on: (...args: never[]) => unknown;
}

/**
 * Anything a file field takes: a Blob or File, bytes, a web or Node stream, a fetch Response, a URL (fetched),
 * or on Node (and Deno, Bun) a string path, streamed from disk.
 */
export type Uploadable = Blob | ArrayBuffer | ArrayBufferView | ReadableStream<Uint8Array> | NodeReadableLike | Response | URL | string;

/** A file the multipart encoder can stream: a native File, or a lazy file read from disk. */
export interface FileLike {
  readonly name: string;
  readonly type: string;
  readonly size: number;
  readonly lastModified: number;
  stream(): ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;
  slice(start?: number, end?: number): { arrayBuffer(): Promise<ArrayBuffer> };
  arrayBuffer(): Promise<ArrayBuffer>;
  readonly [Symbol.toStringTag]?: string;
}

export function isNodeReadable(value: unknown): value is NodeReadableLike {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as NodeReadableLike).pipe === "function" &&
    typeof (value as NodeReadableLike).on === "function" &&
    typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function"
  );
}

export function isUploadable(value: unknown): value is Uploadable {
  return (
    value instanceof Blob ||
    value instanceof ArrayBuffer ||
    ArrayBuffer.isView(value) ||
    (typeof ReadableStream !== "undefined" && value instanceof ReadableStream) ||
    (typeof Response !== "undefined" && value instanceof Response) ||
    value instanceof URL ||
    (typeof value === "string" && value.length > 0) ||
    isNodeReadable(value) ||
    isLazyFile(value)
  );
}

/** A File-like object that is not a native Blob (formdata-node's file from a path). */
export function isLazyFile(value: unknown): value is FileLike {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as FileLike)[Symbol.toStringTag] === "File" &&
    typeof (value as FileLike).stream === "function" &&
    typeof (value as FileLike).name === "string"
  );
}
