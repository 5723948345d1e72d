/**
 * The benchmark's server: node:http on 127.0.0.1, run in its own process (bench/lib.ts starts it with
 * `fork`) so that the client's process measures only the client: its event loop, its CPU time, its RSS.
 * Plain JavaScript, so the child starts without a TypeScript loader.
 *
 * Routes, chosen by a prefix of the path (the SDK's baseURL carries it, so every endpoint path works):
 *
 *   /ok/...                        reads the body, then answers 200 with a one-image JSON response
 *   /hold/<ms>/<limit>/...         allows <limit> requests in flight; a request over it gets 429 at once,
 *                                  others are answered 200 <ms> after their body has arrived
 *   /__stats                       GET: counters since the last reset, then resets them
 *
 * A request is "in flight" from its handler being called until the response is finished.
 */
import { createServer } from "node:http";
import { pathToFileURL } from "node:url";

export const IMAGE_RESPONSE = JSON.stringify({
  created: "2026-01-01T00:00:00.000000+00:00",
  data: [
    {
      url: "https://ideogram.ai/api/images/ephemeral/abcdefghijklmnopqrstuvwxyz0123456789.png?exp=1767225600&signature=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
      prompt: "A lighthouse on a cliff at dusk, warm light in the windows, waves breaking below, painted in a loose watercolor style",
      resolution: "1024x1024",
      is_image_safe: true,
      seed: 12345,
      style_type: "GENERAL",
    },
  ],
});

const stats = () => ({ requests: 0, ok: 0, tooMany: 0, bodyBytes: 0, maxInFlight: 0 });
let counters = stats();
let inFlight = 0;

const server = createServer((req, res) => {
  if (req.url === "/__stats") {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(counters));
    counters = stats();
    return;
  }
  counters.requests++;
  const [, mode, a, b] = (req.url ?? "").split("/");
  const hold = mode === "hold" ? Number(a) : 0;
  const limit = mode === "hold" ? Number(b) : Infinity;
  inFlight++;
  counters.maxInFlight = Math.max(counters.maxInFlight, inFlight);
  let done = false;
  const finish = () => {
    if (!done) {
      done = true;
      inFlight--;
    }
  };
  res.on("finish", finish);
  res.on("close", finish);
  if (inFlight > limit) {
    counters.tooMany++;
    req.resume();
    res.writeHead(429, { "content-type": "application/json", "retry-after": "1" });
    res.end(JSON.stringify({ detail: "Too many requests in flight" }));
    return;
  }
  req.on("data", (chunk) => (counters.bodyBytes += chunk.length));
  req.on("end", () => {
    const answer = () => {
      counters.ok++;
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(IMAGE_RESPONSE) });
      res.end(IMAGE_RESPONSE);
    };
    if (hold > 0) setTimeout(answer, hold);
    else answer();
  });
});
server.keepAliveTimeout = 60_000;

// Listens only when run as the child (bench/lib.ts imports IMAGE_RESPONSE from here too).
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  server.listen(0, "127.0.0.1", () => {
    const { port } = server.address();
    process.send?.({ port });
  });
  process.on("disconnect", () => process.exit(0));
}
