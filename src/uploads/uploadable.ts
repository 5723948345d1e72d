/**
 * What a file field accepts. Kept free of Node types so that edge runtimes load it as is.
 */

/** Anything a file field takes: a Blob or File, bytes, a web stream or a fetch Response. */
export type Uploadable = Blob | ArrayBuffer | ArrayBufferView | ReadableStream<Uint8Array> | Response;

export function isUploadable(value: unknown): value is Uploadable {
  return (
    value instanceof Blob ||
    value instanceof ArrayBuffer ||
    ArrayBuffer.isView(value) ||
    (typeof ReadableStream !== "undefined" && value instanceof ReadableStream) ||
    (typeof Response !== "undefined" && value instanceof Response)
  );
}
