/**
 * What the SDK needs from the runtime beyond web APIs. `#platform` resolves to `node.ts` under the `node`
 * export condition (Node, Deno, Bun) and to `web.ts` elsewhere (Workers, Vercel Edge, browsers), so the code
 * that edge runtimes load never imports `node:` modules.
 */
import type { FileLike } from "../uploads/uploadable";

export interface Platform {
  /** A file read lazily from disk: its bytes are streamed when sent, and read again on a retry. */
  fileFromPath(path: string, options: { name?: string | undefined; type?: string | undefined }): Promise<FileLike>;
  /** Reads the first bytes of a file on disk (for sniffing its type). */
  readHead(path: string, bytes: number): Promise<Uint8Array>;
  /** Writes bytes to a new file, creating its folder. */
  writeFile(path: string, bytes: Uint8Array): Promise<void>;
  joinPath(...parts: string[]): string;
  /**
   * On Node: a fetch through an undici dispatcher, the given one or a proxy from HTTP_PROXY / HTTPS_PROXY
   * (NO_PROXY honoured); undefined when neither applies, and always on the web.
   */
  proxiedFetch(dispatcher: unknown): FetchLike | undefined;
}

export type FetchLike = (input: string, init: RequestInit & { duplex?: "half" }) => Promise<Response>;
