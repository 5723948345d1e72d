/** The `node` condition's platform: files from disk through formdata-node's lazy file. */
import { mkdir, open, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileFromPath as lazyFileFromPath } from "formdata-node/file-from-path";
import type { Platform } from "./types";

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
};
