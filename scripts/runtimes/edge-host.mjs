// Runs a bundled fetch-event script in edge-runtime's sandbox (EdgeVM) behind its runServer, the way the
// `edge-runtime` CLI serves a function, and asks it once. Runs under Node (the runner's).
// Usage: node edge-host.mjs <path to edge-runtime's package dir> <bundle.js> <capture base URL>
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [packageDir, bundlePath, base] = process.argv.slice(2);
const { EdgeRuntime, runServer } = await import(pathToFileURL(join(packageDir, "dist/index.js")).href);
const { version } = JSON.parse(await readFile(join(packageDir, "package.json"), "utf8"));

const runtime = new EdgeRuntime({ initialCode: await readFile(bundlePath, "utf8") });
const server = await runServer({ runtime, host: "127.0.0.1", port: 0 });
try {
  const response = await fetch(`${server.url.replace(/\/$/, "")}/?base=${encodeURIComponent(base)}`);
  const text = await response.text();
  let result;
  try {
    result = JSON.parse(text);
  } catch {
    result = { ok: false, checks: [{ name: "edge response", ok: false, detail: `HTTP ${response.status}: ${text.slice(0, 2000)}` }] };
  }
  console.log(`SMOKE ${JSON.stringify({ ...result, runtimeVersion: `edge-runtime ${version} on node ${process.version}` })}`);
} finally {
  await server.close();
}
