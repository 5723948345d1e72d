import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { readImageSize, sniffImageType } from "../src/images/sniff";

const run = promisify(execFile);

describe("npm run demo (no API key)", () => {
  it("generates, remixes and describes on the mock server, saves real PNGs and exits", async () => {
    const env = { ...process.env, AIHUBMIX_API_KEY: "", IDEOGRAM_API_KEY: "", IDEOGRAM_BASE_URL: "" };
    const root = join(import.meta.dirname, "..");
    const { stdout } = await run(process.execPath, ["--import", "tsx", "examples/demo.ts"], { cwd: root, env, timeout: 60_000 });
    expect(stdout).toMatch(/No API key set: using the embedded mock server/);
    const paths = [...stdout.matchAll(/saved (\S+\.png) \((\d+)x(\d+)/g)];
    expect(paths.map((match) => match[1])).toEqual(["out/demo/generate-1.png", "out/demo/generate-2.png", "out/demo/remix-1.png"]);
    for (const [, path, width, height] of paths) {
      const bytes = new Uint8Array(await readFile(join(root, path!)));
      expect(sniffImageType(bytes)).toBe("image/png");
      expect(readImageSize(bytes)).toEqual({ width: Number(width), height: Number(height) });
    }
    expect(stdout).toMatch(/legacy\.describe[\s\S]*"A smooth two-colour gradient/);
  });
});
