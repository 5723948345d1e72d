/**
 * The smoke program every runtime runs against the capture server (scripts/test-runtimes.mjs). Web APIs only:
 * it is imported as is by Node, Deno and Bun, and bundled into the workerd and edge-runtime scripts.
 *
 * `runSmoke(Ideogram, baseURL, { pngPath })` resolves to a plain object (never rejects): which runtime ran it, which
 * `#platform` variant the package picked there, and one entry per check. The requests it sends are checked on
 * the server side by the runner.
 */

/** A 1x1 RGBA PNG (70 bytes), built inline so that no runtime needs a file system. */
export const PNG = new Uint8Array([
  137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 31, 21, 196,
  137, 0, 0, 0, 13, 73, 68, 65, 84, 120, 156, 99, 248, 207, 192, 240, 31, 0, 5, 0, 1, 255, 137, 153, 61, 29, 0, 0, 0,
  0, 73, 69, 78, 68, 174, 66, 96, 130,
]);

/** What the runtime says it is (the runner also asks the binary for its version). */
export function runtimeName() {
  const g = globalThis;
  if (g.Deno?.version?.deno) return `deno ${g.Deno.version.deno}`;
  if (g.Bun?.version) return `bun ${g.Bun.version}`;
  if (typeof g.EdgeRuntime === "string") return `edge-runtime (${g.EdgeRuntime})`;
  if (g.navigator?.userAgent === "Cloudflare-Workers") return "workerd";
  if (g.process?.versions?.node) return `node ${g.process.version}`;
  return g.navigator?.userAgent ?? "unknown";
}

const message = (error) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/**
 * `pngPath` (Node, Deno, Bun): a PNG file on disk holding the same bytes as PNG, also sent by its path, which the
 * Node variant of `#platform` streams from disk (formdata-node's lazy file, a streamed request body).
 */
export async function runSmoke(Ideogram, baseURL, { pngPath } = {}) {
  const result = { runtime: runtimeName(), platform: undefined, checks: [], ok: false };
  const check = (name, ok, detail) => result.checks.push(ok ? { name, ok: true } : { name, ok: false, detail });
  const step = async (name, fn) => {
    try {
      await fn();
    } catch (error) {
      check(name, false, `threw ${message(error)}${error?.stack ? `\n${error.stack}` : ""}`);
    }
  };

  let client;
  await step("constructor", () => {
    client = new Ideogram({ apiKey: "sk-smoke", baseURL, maxRetries: 0, timeout: 20_000 });
    check("constructor", client instanceof Ideogram, "not an Ideogram");
  });
  if (!client) return result;

  await step("v3.generate", async () => {
    const response = await client.v3.generate({ prompt: "smoke", num_images: 2, seed: 0 });
    const image = response?.data?.[0];
    const ok =
      response.created === "2000-01-23T04:56:07Z" &&
      Array.isArray(response.data) &&
      response.data.length === 1 &&
      image.seed === 12345 &&
      image.resolution === "1024x1024" &&
      image.is_image_safe === true &&
      typeof image.url === "string" &&
      image.url.startsWith("https://");
    check("v3.generate", ok, `unexpected response ${JSON.stringify(response)}`);
  });

  await step("legacy.describe", async () => {
    const response = await client.legacy.describe({ image_file: PNG });
    const texts = Array.isArray(response?.descriptions) ? response.descriptions.map((d) => d.text) : undefined;
    check("legacy.describe", JSON.stringify(texts) === JSON.stringify(["A cat.", "A striped cat."]), `unexpected response ${JSON.stringify(response)}`);
  });

  if (pngPath) {
    await step("legacy.describe (file path)", async () => {
      const response = await client.legacy.describe({ image_file: pngPath });
      check("legacy.describe (file path)", response?.descriptions?.length === 2, `unexpected response ${JSON.stringify(response)}`);
    });
  }

  await step("ValidationError", async () => {
    try {
      await client.v3.generate({ prompt: "smoke", num_images: 9 });
      check("ValidationError", false, "num_images: 9 did not throw");
    } catch (error) {
      check("ValidationError", error instanceof Error && error.name === "ValidationError", `threw ${message(error)}`);
    }
  });

  // Which `#platform` the package resolved here: the web variant refuses string paths (no file system); the Node
  // variant tries to open the file and fails on the missing file. Neither sends a request.
  await step("#platform", async () => {
    try {
      await client.legacy.describe({ image_file: "/nonexistent/ideogram-smoke.png" });
      check("#platform", false, "a missing file path did not throw");
    } catch (error) {
      result.platform = /needs a file system/.test(String(error?.message)) ? "web" : "node";
      result.platformError = message(error);
    }
  });

  result.ok = result.checks.every((c) => c.ok);
  return result;
}
