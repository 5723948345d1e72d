/** The platform of edge runtimes and browsers: no file system. */
import { IdeogramError } from "../core/errors";
import type { Platform } from "./types";

const noFileSystem = (what: string) => () =>
  Promise.reject(new IdeogramError(`${what} needs a file system (Node.js, Deno or Bun); this runtime has none. Pass bytes, a Blob or a stream instead.`));

export const platform: Platform = {
  fileFromPath: noFileSystem("A string file path"),
  readHead: noFileSystem("A string file path"),
  writeFile: noFileSystem("Saving files"),
  joinPath: (...parts) => parts.join("/").replace(/\/+/g, "/"),
  proxiedFetch: (dispatcher) => {
    if (dispatcher !== undefined) throw new IdeogramError("The dispatcher option needs Node.js (undici); this runtime has none.");
    return undefined;
  },
};
