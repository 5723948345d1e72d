/**
 * Serves a bundled module worker with workerd and asks it once. The config gives the worker no compatibility flags
 * (no nodejs_compat) and a `globalOutbound` network service that may reach loopback addresses only, where the
 * capture server listens (workerd's default "internet" service allows public addresses only).
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { childEnv, freePort, start } from "./process.mjs";

/** workerd refuses a compatibility date later than its own release; the npm version 1.YYYYMMDD.N carries that date. */
export function compatibilityDate(npmVersion) {
  const match = /^1\.(\d{4})(\d{2})(\d{2})\./.exec(npmVersion ?? "");
  return match ? `${match[1]}-${match[2]}-${match[3]}` : "2025-01-01";
}

export function workerdConfig({ port, bundleFile, date }) {
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .smokeWorker),
    (name = "loopback", network = (allow = ["local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);

const smokeWorker :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "${bundleFile}")],
  compatibilityDate = "${date}",
  compatibilityFlags = [],
  globalOutbound = "loopback",
);
`;
}

/**
 * Resolves { text, status, log, warnings } or throws with workerd's output. `warnings` are the lines workerd logged
 * other than its own "info:" lines (with --verbose, a Worker's logWarning() lands there, e.g. about its fetch bodies).
 */
export async function runWorkerd({ bin, dir, bundleFile, date, base, timeout = 60_000 }) {
  const port = await freePort();
  const configFile = join(dir, "config.capnp");
  await writeFile(configFile, workerdConfig({ port, bundleFile, date }));
  const server = start(bin, ["serve", configFile, "--verbose"], { cwd: dir, env: childEnv({ PWD: dir }) });
  const deadline = Date.now() + timeout;
  try {
    // Ready when it answers (the worker answers 400 to a request without ?base=).
    for (;;) {
      if (server.done) throw new Error(`workerd exited before serving:\n${server.output()}`);
      if (Date.now() > deadline) throw new Error(`workerd did not serve within ${timeout} ms:\n${server.output()}`);
      try {
        await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) });
        break;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    const response = await fetch(`http://127.0.0.1:${port}/?base=${encodeURIComponent(base)}`, {
      signal: AbortSignal.timeout(Math.max(1000, deadline - Date.now())),
    });
    const text = await response.text();
    await server.stop();
    const log = server.output();
    const warnings = log.split("\n").map((l) => l.trim()).filter((l) => l && !/: info: /.test(l));
    return { status: response.status, text, log, warnings };
  } finally {
    await server.stop();
  }
}
