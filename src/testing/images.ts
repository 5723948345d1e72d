/**
 * Real image bytes for the mock API: a smooth two-colour gradient picked by the seed, at the requested
 * size, encoded as PNG. And the store of the images the mock answered with, which every mock (server or
 * msw handlers) serves from.
 */
import { encodePNG, type RawImage } from "../images/png";
import type { MockImage } from "./responses";

/** Only the size and seed are kept; the bytes are drawn when the link is fetched. */
const store = new Map<string, MockImage>();
/** A bound, so that a long test run does not grow the store without end (the oldest links expire first). */
const MAX_STORED = 10_000;
let counter = 0;

export const imageStore = {
  /** Ids are unique in the process, so several mocks can share the store (and msw's image host). */
  nextId: (): string => `mock-${++counter}`,
  add(image: MockImage): void {
    store.set(image.id, image);
    if (store.size > MAX_STORED) store.delete(store.keys().next().value!);
  },
  get: (id: string): MockImage | undefined => store.get(id),
};

export function gradient(width: number, height: number, seed: number): RawImage {
  const hue = (seed * 137) % 360;
  const [r1, g1, b1] = hsl(hue, 0.65, 0.55);
  const [r2, g2, b2] = hsl((hue + 120) % 360, 0.7, 0.35);
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const t = (x / width + y / height) / 2;
      const offset = (y * width + x) * 3;
      data[offset] = r1 + (r2 - r1) * t;
      data[offset + 1] = g1 + (g2 - g1) * t;
      data[offset + 2] = b1 + (b2 - b1) * t;
    }
  }
  return { width, height, channels: 3, data };
}

export function gradientPNG(width: number, height: number, seed: number, deflate?: (raw: Uint8Array) => Uint8Array): Promise<Uint8Array> {
  return encodePNG(gradient(width, height, seed), deflate ? { deflate } : {});
}

function hsl(h: number, s: number, l: number): [number, number, number] {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}
