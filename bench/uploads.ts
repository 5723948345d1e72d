/**
 * 2. Uploads of a large image, one at a time, three ways, in interleaved rounds:
 *
 *   - sdk:   `v3.remix` given the bytes (a Uint8Array) or the path;
 *   - raw:   what a user writes by hand: fetch + FormData with `new Blob([bytes])`, or with
 *            `fs.openAsBlob(path)` (Node's file-backed Blob, the file is not read into memory first);
 *   - floor: fetch with the multipart body built by hand as one Blob: [text, bytes or file-backed Blob,
 *            text], and `redirect: "error"` (as the SDK sends it). The least work fetch can be given for the
 *            same bytes on the wire, with a body of a known length.
 *
 * Throughput ratio = other's median time / SDK's median time (above 1: the SDK is faster); the same of the
 * p90 times. SDK-vs-raw and SDK-vs-floor are two separate interleaved runs, and a full garbage collection
 * runs after every upload, outside the timing, so that no upload pays for what the one before left behind.
 */
import { openAsBlob } from "node:fs";
import { readFile } from "node:fs/promises";
import { collectGarbage, interleaved, median, summarize, type SDK, type Server, type Summary } from "./lib";
import { API_KEY, PROMPT } from "./payloads";

export interface UploadRow {
  name: string;
  bytes: number;
  /** Milliseconds per upload. */
  sdk: Summary;
  raw: Summary;
  floor: Summary;
  /** Megabytes (MiB) per second, from the medians. */
  MBps: { sdk: number; raw: number; floor: number };
  /** SDK throughput / other's throughput (= other's median time / SDK's), and the same of the p90 times. */
  vsRaw: { median: number; p90: number };
  vsFloor: { median: number; p90: number };
  /** CPU time of the client process per upload, ms. */
  cpu: { sdk: number; raw: number; floor: number };
}

export interface UploadOptions {
  rounds: number;
  perRound: number;
}

export async function runUploads(sdk: SDK, server: Server, path: string, options: UploadOptions): Promise<UploadRow[]> {
  const base = `${server.origin}/ok`;
  const url = `${base}/v1/ideogram-v3/remix`;
  const client = new sdk.Ideogram({ apiKey: API_KEY, baseURL: base });
  const buffer = await readFile(path);
  const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) as Uint8Array<ArrayBuffer>;
  const check = async (response: Response) => {
    if (!response.ok) throw new Error(`${response.status}`);
    return response.json();
  };
  const raw = async (image: Blob) => {
    const form = new FormData();
    form.append("prompt", PROMPT);
    form.append("image", image, "image.png");
    return check(await fetch(url, { method: "POST", headers: { "Api-Key": API_KEY }, body: form }));
  };
  const boundary = "bench-boundary-0123456789";
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="prompt"\r\n\r\n${PROMPT}\r\n--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="image.png"\r\nContent-Type: image/png\r\n\r\n`;
  const tail = `\r\n--${boundary}--\r\n\r\n`;
  const floor = async (image: Blob | Uint8Array<ArrayBuffer>) =>
    check(
      await fetch(url, {
        method: "POST",
        headers: { "Api-Key": API_KEY, "Content-Type": `multipart/form-data; boundary=${boundary}` },
        body: new Blob([head, image, tail]),
        redirect: "error", // as the SDK sends: with "follow" (the default) fetch keeps a copy of the body to replay
      }),
    );
  const cases = [
    {
      name: "from bytes (Uint8Array)",
      sdk: () => client.v3.remix({ prompt: PROMPT, image: bytes }),
      raw: () => raw(new Blob([bytes], { type: "image/png" })),
      floor: () => floor(bytes),
    },
    {
      name: "from a path",
      sdk: () => client.v3.remix({ prompt: PROMPT, image: path }),
      raw: async () => raw(await openAsBlob(path, { type: "image/png" })),
      floor: async () => floor(await openAsBlob(path, { type: "image/png" })),
    },
  ];
  const rows: UploadRow[] = [];
  const mbps = (ms: number) => bytes.byteLength / 1024 / 1024 / (ms / 1000);
  for (const { name, sdk: sdkRun, raw: rawRun, floor: floorRun } of cases) {
    for (const run of [sdkRun, rawRun, floorRun]) await run();
    // Two separate interleaved comparisons: fetch + FormData (redirect "follow") leaves work behind (a teed
    // body still being read, 20 MB of garbage) that would slow whichever upload follows it, the floor included.
    // A full GC after every upload, untimed, so that no upload pays for the garbage of the one before.
    const vsRaw = await interleaved(options.rounds, options.perRound, { sdk: sdkRun, raw: rawRun }, collectGarbage);
    const vsFloor = await interleaved(options.rounds, options.perRound, { sdk: sdkRun, floor: floorRun }, collectGarbage);
    const [sdkTimes, rawTimes, sdkTimes2, floorTimes] = [summarize(vsRaw.sdk.wall), summarize(vsRaw.raw.wall), summarize(vsFloor.sdk.wall), summarize(vsFloor.floor.wall)];
    rows.push({
      name,
      bytes: bytes.byteLength,
      sdk: summarize([...vsRaw.sdk.wall, ...vsFloor.sdk.wall]),
      raw: rawTimes,
      floor: floorTimes,
      MBps: { sdk: mbps(median([...vsRaw.sdk.wall, ...vsFloor.sdk.wall])), raw: mbps(rawTimes.median), floor: mbps(floorTimes.median) },
      vsRaw: { median: rawTimes.median / sdkTimes.median, p90: rawTimes.p90 / sdkTimes.p90 },
      vsFloor: { median: floorTimes.median / sdkTimes2.median, p90: floorTimes.p90 / sdkTimes2.p90 },
      cpu: { sdk: median([...vsRaw.sdk.cpu, ...vsFloor.sdk.cpu]), raw: median(vsRaw.raw.cpu), floor: median(vsFloor.floor.cpu) },
    });
  }
  const stats = await server.stats();
  if (stats.tooMany || stats.requests !== stats.ok) throw new Error(`uploads: the server answered ${stats.ok} of ${stats.requests} requests`);
  return rows;
}
