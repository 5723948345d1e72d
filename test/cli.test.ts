/**
 * The `ideogram` command, run as a user runs it: spawned as a process. Most cases run the real entry
 * (src/cli/index.ts) through tsx, which is quick; the packaged bin (dist/cli.js, rebuilt with `npm run build`
 * when older than the sources) is run too, from a folder outside the repository.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildRequest, estimateCost, ValidationError } from "ideogram-sdk";
import { LegacyModel, RenderingSpeed, StylePresetV3 } from "ideogram-sdk/schemas";
import { createMockServer, type MockServer } from "ideogram-sdk/testing";
import { sniffImageType } from "../src/images/sniff";
import { pngBytes } from "./helpers/images";

const root = join(import.meta.dirname, "..");
const distBin = join(root, "dist", "cli.js");
const KEY = "sk-cli-test-0123456789";

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the command with no key, base URL or proxy in its environment unless given. */
function cli(args: string[], options: { env?: Record<string, string>; bin?: "src" | "dist"; cwd?: string; input?: string } = {}): Promise<Result> {
  const env: Record<string, string | undefined> = { ...process.env, ...options.env };
  for (const name of ["AIHUBMIX_API_KEY", "IDEOGRAM_API_KEY", "IDEOGRAM_BASE_URL", "IDEOGRAM_LOG", "HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"]) {
    if (!options.env || !(name in options.env)) delete env[name];
  }
  const argv = options.bin === "dist" ? [distBin, ...args] : ["--import", "tsx", join(root, "src/cli/index.ts"), ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { cwd: options.cwd ?? root, env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}

/** The message the SDK gives for the same params, which the CLI must print as it is. */
async function sdkMessage(endpoint: Parameters<typeof buildRequest>[0], params: unknown): Promise<string> {
  const error = await buildRequest(endpoint, params as never, { apiKey: "k" }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).message;
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

let mock: MockServer;
/** Where bad input is pointed at: it must never receive a request. */
let untouched: MockServer;
let work: string;
let image: string;
let buildError: string | undefined;

beforeAll(async () => {
  mock = await createMockServer();
  untouched = await createMockServer();
  work = await mkdtemp(join(tmpdir(), "ideogram-cli-"));
  image = join(work, "input.png");
  await writeFile(image, pngBytes(64, 64, [20, 120, 220]));
  // The packaged bin: rebuilt when older than the sources, with tsup (the part of `npm run build` that writes
  // dist/; the other part rewrites the committed openapi.json, which openapi.test.ts checks is current).
  if (!existsSync(distBin) || statSync(distBin).mtimeMs < newestSource(join(root, "src"))) {
    const build = await new Promise<Result>((resolve) => {
      const child = spawn(process.execPath, [join(root, "node_modules/tsup/dist/cli-default.js")], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.on("close", (code) => resolve({ code, stdout: output, stderr: "" }));
    });
    if (build.code !== 0) buildError = build.stdout.slice(-3000);
  }
}, 240_000);

afterAll(async () => {
  await mock?.close();
  expect(untouched.requests).toEqual([]);
  await untouched?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

const mockFlags = () => ["--base-url", mock.baseURL, "--api-key", KEY];

/** The requests the mock server received with this prompt (tests run concurrently, each with its own prompt). */
const sent = (prompt: string) =>
  mock.requests.filter((request) => request.params.prompt === prompt || (request.params.image_request as { prompt?: string } | undefined)?.prompt === prompt);

describe.concurrent("ideogram --help", { timeout: 60_000 }, () => {
  it("lists every command and the global flags, with the provider's values", async () => {
    const { code, stdout } = await cli(["--help"]);
    expect(code).toBe(0);
    for (const command of ["v3 generate", "v3 replace-background", "v3 generate-transparent", "legacy describe", "legacy reframe", "remove-background", "edit-with-prompt"]) {
      expect(stdout).toContain(`  ${command} `);
    }
    expect(stdout).toMatch(/--provider <aihubmix\|ideogram>/);
    expect(stdout).toMatch(/--max-cost <usd>.*Default 0\.50/s);
    expect(stdout).toMatch(/Exit codes: 0 .*1 API .*2 bad input/s);
  });

  it("at a namespace lists its commands with every flag's short enum and range", async () => {
    const { code, stdout } = await cli(["v3", "--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("v3 generate");
    expect(stdout).toContain("v3 layerize-text");
    expect(stdout).not.toMatch(/^  legacy /m);
    expect(stdout).toContain(`[--rendering_speed ${RenderingSpeed.options.join("|")}]`);
    expect(stdout).toContain("[--num_images <1-8>]");
    expect(stdout).toContain("--prompt <text> [");
  });

  it("of a command shows each flag's kind, description, default, range, enum values and whether it is required", async () => {
    const { code, stdout } = await cli(["v3", "generate", "--help"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/--prompt <text>\n\s+What to generate\. \(required; text\)/);
    expect(stdout).toMatch(/--num_images, --num-images <integer>\n\s+Number of images to generate \(1-8\); each image is billed\. \(optional; integer; 1 to 8;\s+default\s+1\)/);
    expect(stdout).toMatch(new RegExp(`--rendering_speed, --rendering-speed <${RenderingSpeed.options.join("\\|")}>[\\s\\S]*default DEFAULT\\)\\n\\s+one of: ${RenderingSpeed.options.join(", ")}`));
    // A long enum is listed in full.
    for (const preset of StylePresetV3.options) expect(stdout).toContain(preset);
    expect(stdout).toMatch(/--style_reference_images[^\n]*<path>\n[\s\S]*repeat the\s+flag for each file/);
    expect(stdout).toContain("aspect_ratio and resolution cannot be used together");
  });

  it("of a legacy command shows the fields of image_request as flags of their own", async () => {
    const { code, stdout } = await cli(["legacy", "generate", "-h"]);
    expect(code).toBe(0);
    expect(stdout).toContain("--image_request, --image-request <json>");
    expect(stdout).toMatch(/Fields of image_request: give each as its own flag/);
    expect(stdout).toMatch(new RegExp(`--model <value>\\n\\s+Model version\\. \\(optional; enum; default V_2\\)\\n\\s+one of: ${LegacyModel.options.join(", ")}`));
  });

  it("takes the endpoint's own spelling too, and says which command was meant when one is misspelt", async () => {
    expect((await cli(["removeBackground", "--help"])).stdout).toMatch(/^ideogram remove-background: Remove the background/);
    expect((await cli(["v3.replaceBackground", "--help"])).stdout).toMatch(/^ideogram v3 replace-background:/);
    const wrong = await cli(["v3", "genrate", "--prompt", "x"]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('Unknown command "v3 genrate". Did you mean "ideogram v3 generate"?');
    const none = await cli([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("Commands:");
  });
});

describe.concurrent("--dry-run", { timeout: 60_000 }, () => {
  it("prints a v3 request (multipart parts) and its estimated cost, with no key anywhere", async () => {
    const { code, stdout, stderr } = await cli(["v3", "generate", "--prompt", "a lighthouse", "--num-images", "2", "--rendering_speed", "TURBO", "--style_codes", "1a2b3c4d", "--style_codes", "deadbeef", "--color_palette", '{"name":"EMBER"}', "--dry-run"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain("POST https://aihubmix.com/ideogram/v1/ideogram-v3/generate\nContent-Type: multipart/form-data; boundary=");
    expect(stdout).toContain("(no Api-Key");
    expect(stdout).toContain(
      ['--- part "prompt": a lighthouse', '--- part "num_images": 2', '--- part "rendering_speed": TURBO', '--- part "style_codes": 1a2b3c4d', '--- part "style_codes": deadbeef', '--- part "color_palette": {"name":"EMBER"}'].join("\n"),
    );
    const { usd, unitUSD } = estimateCost("v3.generate", { prompt: "a lighthouse", num_images: 2, rendering_speed: "TURBO" });
    expect(stdout).toContain(`Estimated cost: $${usd!.toFixed(2)} (2 images at $${unitUSD!.toFixed(2)}; v3/TURBO, aihubmix prices).`);
  });

  it("maps the flattened flags of a legacy generate into image_request (JSON body), over --image_request's keys", async () => {
    const { code, stdout } = await cli(["legacy", "generate", "--image_request", '{"prompt":"from json","seed":5}', "--prompt", "a lighthouse", "--model", "V_2_TURBO", "--num_images", "3", "--dry-run"]);
    expect(code).toBe(0);
    expect(stdout).toContain("POST https://aihubmix.com/ideogram/generate\nContent-Type: application/json");
    const body = JSON.parse(stdout.slice(stdout.indexOf("{"), stdout.lastIndexOf("}") + 1)) as unknown;
    expect(body).toEqual({ image_request: { prompt: "a lighthouse", seed: 5, model: "V_2_TURBO", num_images: 3 } });
    const { usd } = estimateCost("legacy.generate", { image_request: { prompt: "p", model: "V_2_TURBO", num_images: 3 } });
    expect(stdout).toContain(`Estimated cost: $${usd} (3 images at`);
  });

  it("shows files as their name, type and size, redacts the key, and with --json prints the request as JSON", async () => {
    const { code, stdout } = await cli(["v3", "remix", "--prompt", "in watercolour", "--image", image, "--provider", "ideogram", "--api-key", KEY, "--dry-run", "--json"]);
    expect(code).toBe(0);
    expect(stdout).not.toContain(KEY);
    const request = JSON.parse(stdout) as { endpoint: string; url: string; headers: Record<string, string>; body: { parts: unknown[] }; estimate: { usd: number } };
    expect(request.endpoint).toBe("v3.remix");
    expect(request.url).toBe("https://api.ideogram.ai/v1/ideogram-v3/remix");
    expect(request.headers["api-key"]).toBe("[redacted]");
    expect(request.body.parts).toEqual([
      { name: "prompt", value: "in watercolour" },
      { name: "image", filename: "input.png", contentType: "image/png", size: pngBytes(64, 64, [20, 120, 220]).byteLength },
    ]);
    expect(request.estimate.usd).toBe(estimateCost("v3.remix", { prompt: "p" }, { provider: "ideogram" }).usd);
  });
});

describe.concurrent("bad input exits 2 with the ValidationError message and sends nothing", { timeout: 60_000 }, () => {
  const cases: [string, string[], Parameters<typeof buildRequest>[0], Record<string, unknown>][] = [
    ["a wrong enum value", ["v3", "generate", "--prompt", "p", "--rendering_speed", "FAST"], "v3.generate", { prompt: "p", rendering_speed: "FAST" }],
    ["an out-of-range number and a near-miss enum", ["v3", "generate", "--prompt", "p", "--num_images", "9", "--aspect_ratio", "16:9"], "v3.generate", { prompt: "p", num_images: 9, aspect_ratio: "16:9" }],
    ["an unknown flag, with a suggestion", ["v3", "generate", "--prompt", "p", "--negativ_prompt", "rain"], "v3.generate", { prompt: "p", negativ_prompt: "rain" }],
    ["a missing required field", ["v3", "remix", "--prompt", "p"], "v3.remix", { prompt: "p" }],
    ["a wrong model in a flattened legacy flag", ["legacy", "generate", "--prompt", "p", "--model", "V_3"], "legacy.generate", { image_request: { prompt: "p", model: "V_3" } }],
    ["fields that exclude each other", ["v3", "generate", "--prompt", "p", "--aspect_ratio", "1x1", "--resolution", "1024x1024"], "v3.generate", { prompt: "p", aspect_ratio: "1x1", resolution: "1024x1024" }],
  ];
  for (const [what, args, endpoint, params] of cases) {
    it(`: ${what}`, async () => {
      const { code, stdout, stderr } = await cli([...args, "--base-url", untouched.baseURL, "--api-key", KEY]);
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr.trim()).toBe(await sdkMessage(endpoint, params));
      expect(untouched.requests).toEqual([]);
    });
  }

  it(": flag problems of the CLI's own (bad JSON, a missing value, a stray word, a misspelt global flag) in the same form", async () => {
    const { code, stderr } = await cli(["v3", "generate", "--prompt", "p", "--color_palette", "{name}", "stray", "--dryrun", "--seed"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^Invalid params for v3\.generate:\n/);
    expect(stderr).toContain("  - color_palette: must be JSON");
    expect(stderr).toContain('  - unexpected argument "stray"');
    expect(stderr).toContain('  - dryrun: is not a field of this endpoint. Did you mean "--dry-run"?');
    expect(stderr).toContain("  - seed: needs a value (--seed <integer>)");
    const numbers = await cli(["v3", "generate", "--prompt", "p", "--num_images", "two", "--dry-run"]);
    expect(numbers.code).toBe(2);
    expect(numbers.stderr).toContain('  - num_images: must be a number (got "two")');
  });

  it(": a file path that does not exist", async () => {
    const { code, stderr } = await cli(["v3", "remix", "--prompt", "p", "--image", join(work, "missing.png"), "--dry-run"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/image: cannot read ".*missing\.png": no such file/);
  });

  it(": no API key for a real call", async () => {
    const { code, stderr } = await cli(["v3", "generate", "--prompt", "p", "--base-url", untouched.baseURL]);
    expect(code).toBe(2);
    expect(stderr).toContain("Missing API key: pass --api-key or set AIHUBMIX_API_KEY or IDEOGRAM_API_KEY");
    expect(untouched.requests).toEqual([]);
  });
});

describe.concurrent("a real call (against the mock server)", { timeout: 60_000 }, () => {
  it("saves the images into --out and prints their paths, one a line; cost and usage go to stderr", async () => {
    const out = join(work, "generate");
    const { code, stdout, stderr } = await cli(["v3", "generate", "--prompt", "a fox", "--num_images", "2", "--aspect_ratio", "16x9", "--seed", "0", ...mockFlags(), "--out", out]);
    expect(stderr).toMatch(/^Estimated cost: \$0\.12 \(2 images at \$0\.06; v3\/DEFAULT, aihubmix prices\)\.\nUsage: 1 request, 2 images, \$0\.12 estimated\.\n$/);
    expect(code).toBe(0);
    const paths = stdout.trim().split("\n");
    expect(paths).toHaveLength(2);
    expect(paths.map((path) => path.startsWith(out))).toEqual([true, true]);
    for (const path of paths) expect(sniffImageType(new Uint8Array(await readFile(path)))).toBe("image/png");
    expect((await readdir(out)).sort()).toEqual(paths.map((path) => path.slice(out.length + 1)).sort());
    const [recorded] = sent("a fox");
    expect(sent("a fox")).toHaveLength(1);
    expect(recorded!.endpoint).toBe("v3.generate");
    expect(recorded!.headers["api-key"]).toBe(KEY);
    expect(recorded!.params).toEqual({ prompt: "a fox", num_images: 2, aspect_ratio: "16x9", seed: 0 });
  });

  it("with --json prints the response JSON alone on stdout, and still saves the images (paths on stderr)", async () => {
    const out = join(work, "json");
    const { code, stdout, stderr } = await cli(["legacy", "generate", "--prompt", "a legacy fox", "--model", "V_2_TURBO", "--json", ...mockFlags(), "--out", out]);
    expect(code).toBe(0);
    const response = JSON.parse(stdout) as { created: string; data: { url: string; prompt: string }[] };
    expect(response.data).toHaveLength(1);
    expect(response.data[0]!.prompt).toBe("a legacy fox");
    const [saved] = stderr.split("\n");
    expect(saved!.startsWith(out)).toBe(true);
    expect(existsSync(saved!)).toBe(true);
    // No spinner when stderr is not a terminal.
    expect(stderr).not.toMatch(/\r|\u001b/);
  });

  it("sends files from paths (remix with --image, repeated --style_reference_images)", async () => {
    const out = join(work, "remix");
    const { code, stdout } = await cli(["v3", "remix", "--prompt", "in watercolour", "--image", image, "--image_weight", "60", "--style_reference_images", image, "--style_reference_images", image, ...mockFlags(), "--out", out]);
    expect(code).toBe(0);
    expect(stdout.trim().split("\n")).toHaveLength(1);
    const params = sent("in watercolour")[0]!.params;
    expect(params.image).toBeInstanceOf(File);
    expect((params.image as File).name).toBe("input.png");
    expect(params.image_weight).toBe(60);
    expect((params.style_reference_images as File[]).map((file) => file.name)).toEqual(["input.png", "input.png"]);
  });

  it("describe prints the descriptions; --no-save prints the links instead of saving", async () => {
    const described = await cli(["legacy", "describe", "--image_file", image, ...mockFlags()]);
    expect(described.code).toBe(0);
    expect(described.stdout).toMatch(/gradient/);
    const out = join(work, "nosave");
    const links = await cli(["v3", "generate", "--prompt", "links only", "--no-save", ...mockFlags(), "--out", out]);
    expect(links.code).toBe(0);
    expect(links.stdout.trim()).toMatch(new RegExp(`^${mock.baseURL}/images/\\S+\\.png$`));
    expect(existsSync(out)).toBe(false);
  });

  it("an API error exits 1 with its message, never the key", async () => {
    const guarded = await createMockServer({ apiKey: "the-right-key-0000" });
    try {
      const { code, stdout, stderr } = await cli(["v3", "generate", "--prompt", "p", "--base-url", guarded.baseURL, "--api-key", KEY]);
      expect(code).toBe(1);
      expect(stdout).toBe("");
      expect(stderr).toContain("AuthenticationError: 401 Unauthorized: Not authorized");
      expect(stderr).not.toContain(KEY);
    } finally {
      await guarded.close();
    }
  });

  it("above --max-cost, refuses without a terminal (exit 2, nothing sent) unless --yes", async () => {
    const args = ["v3", "generate", "--prompt", "an expensive one", "--num_images", "8", "--rendering_speed", "QUALITY", ...mockFlags(), "--no-save"];
    const { usd } = estimateCost("v3.generate", { prompt: "p", num_images: 8, rendering_speed: "QUALITY" });
    expect(usd).toBeGreaterThan(0.5);
    const refused = await cli(args);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`This call is estimated at $${usd}, above --max-cost $0.50. Not sent: pass --yes`);
    expect(sent("an expensive one")).toHaveLength(0);
    const confirmed = await cli([...args, "--yes"]);
    expect(confirmed.code).toBe(0);
    expect(confirmed.stdout.trim().split("\n")).toHaveLength(8);
    const raised = await cli([...args, "--max-cost", "1"]);
    expect(raised.code).toBe(0);
    expect(sent("an expensive one")).toHaveLength(2);
  });
});

describe("the packaged bin (dist/cli.js)", { timeout: 60_000 }, () => {
  it("is built, runs from another folder, and saves into the current folder by default", async () => {
    expect(buildError).toBeUndefined();
    expect((await readFile(distBin, "utf8")).startsWith("#!/usr/bin/env node\n")).toBe(true);
    const version = await cli(["--version"], { bin: "dist", cwd: work });
    expect(version.stdout.trim()).toBe((JSON.parse(await readFile(join(root, "package.json"), "utf8")) as { version: string }).version);
    const folder = await mkdtemp(join(work, "cwd-"));
    const { code, stdout, stderr } = await cli(["v3", "generate", "--prompt", "p", ...mockFlags()], { bin: "dist", cwd: folder });
    expect(stderr).toContain("Usage: 1 request, 1 image");
    expect(code).toBe(0);
    const [path] = stdout.trim().split("\n");
    expect(path).toMatch(/^ideogram-\S+\.png$/);
    expect(await readdir(folder)).toEqual([path]);
    const bad = await cli(["legacy", "generate", "--prompt", "p", "--num_images", "0", "--dry-run"], { bin: "dist", cwd: folder });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe(await sdkMessage("legacy.generate", { image_request: { prompt: "p", num_images: 0 } }));
  });
});
