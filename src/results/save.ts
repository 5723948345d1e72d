import { platform } from "#platform";
import { fetchImage, type DownloadOptions, type ImageLinks } from "./download";

export interface SaveOptions<Image = ImageLinks["data"][number]> extends DownloadOptions {
  /** The file name of each image (without folder). Default `ideogram-<created>-<n>-<seed>.<ext>`. */
  name?: (image: Image, index: number, extension: string) => string;
}

const EXTENSIONS = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp" } as const;

/**
 * Downloads the images of a response into `dir` (created if missing) and resolves to their paths, in the
 * order of `data`; `null` where the image was withheld by the safety check. Needs a file system (Node,
 * Deno, Bun).
 */
export async function saveImages<R extends ImageLinks>(response: R, dir: string, options: SaveOptions<R["data"][number]> = {}): Promise<(string | null)[]> {
  const stamp = (response.created ?? new Date().toISOString()).replace(/[-:]|\.\d+/g, "").replace(/\+.*$/, "");
  return Promise.all(
    response.data.map(async (image, index) => {
      if (!image.url || image.is_image_safe === false) return null;
      const { bytes, type } = await fetchImage(image.url, options);
      const extension = EXTENSIONS[type];
      const name = options.name?.(image, index, extension) ?? `ideogram-${stamp}-${index + 1}${image.seed === undefined ? "" : `-${image.seed}`}.${extension}`;
      const path = platform.joinPath(dir, name);
      await platform.writeFile(path, bytes);
      return path;
    }),
  );
}
