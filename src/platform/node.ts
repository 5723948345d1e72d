/** The `node` condition's platform: files from disk through formdata-node's lazy file. */
import { mkdir, open, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileFromPath as lazyFileFromPath } from "formdata-node/file-from-path";
import type { FetchLike, Platform } from "./types";

/**
 * undici is loaded only when a proxy or dispatcher is used: its fetch goes with its dispatchers (Node's
 * built-in fetch bundles another undici version).
 */
function undiciFetch(makeDispatcher: (undici: typeof import("undici")) => unknown): FetchLike {
  let loaded: Promise<{ fetch: typeof import("undici").fetch; dispatcher: unknown }> | undefined;
  return async (input, init) => {
    loaded ??= import("undici").then((undici) => ({ fetch: undici.fetch, dispatcher: makeDispatcher(undici) }));
    const { fetch, dispatcher } = await loaded;
    return fetch(input, { ...init, dispatcher } as never) as unknown as Promise<Response>;
  };
}

export const platform: Platform = {
  async fileFromPath(path, options) {
    return lazyFileFromPath(path, options.name, options.type ? { type: options.type } : {});
  },
  async readHead(path, bytes) {
    const handle = await open(path, "r");
    try {
      const head = new Uint8Array(bytes);
      const { bytesRead } = await handle.read(head, 0, bytes, 0);
      return head.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  },
  async writeFile(path, bytes) {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, bytes);
  },
  joinPath: (...parts) => join(...parts),
  proxiedFetch(dispatcher) {
    if (dispatcher !== undefined) return undiciFetch(() => dispatcher);
    const env = (...names: string[]) => names.map((name) => process.env[name]).find(Boolean);
    const httpProxy = env("http_proxy", "HTTP_PROXY");
    const httpsProxy = env("https_proxy", "HTTPS_PROXY") ?? httpProxy;
    if (!httpProxy && !httpsProxy) return undefined;
    // Read here with "empty means unset", which undici's own lookup (`??`) does not do.
    const noProxy = env("no_proxy", "NO_PROXY") ?? "";
    return undiciFetch((undici) => new undici.EnvHttpProxyAgent({ httpProxy, httpsProxy, noProxy }));
  },
};
