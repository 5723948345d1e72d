/** Child processes for the runtime smoke tests: run to completion with a timeout, or start and stop a server. */
import { spawn } from "node:child_process";
import { createServer } from "node:net";

/** The environment of every child: the runner's, less what could change the SDK's behaviour, and no colours. */
export function childEnv(extra = {}) {
  const env = { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", ...extra };
  for (const name of Object.keys(env)) {
    if (/^(IDEOGRAM_|AIHUBMIX_)/.test(name) || name === "NODE_OPTIONS") delete env[name];
  }
  return env;
}

/** Runs a command; resolves { code, signal, stdout, stderr, ms, timedOut } (never rejects on a failing command). */
export function run(command, args, { cwd, env = childEnv(), timeout = 120_000 } = {}) {
  const started = Date.now();
  return new Promise((resolve) => {
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    let child;
    try {
      child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    } catch (error) {
      resolve({ code: -1, signal: null, stdout, stderr: String(error), ms: 0, timedOut });
      return;
    }
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeout);
    child.on("error", (error) => (stderr += `\n${error.message}`));
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, signal, stdout, stderr, ms: Date.now() - started, timedOut });
    });
  });
}

/** Starts a long-running command; returns { child, output(), exited, stop() }. */
export function start(command, args, { cwd, env = childEnv() } = {}) {
  const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise((resolve) => {
    child.on("error", (error) => {
      output += `\n${error.message}`;
      resolve({ code: -1, signal: null });
    });
    child.on("exit", (code, signal) => resolve({ code, signal }));
  });
  let done = false;
  exited.then(() => (done = true));
  return {
    child,
    exited,
    output: () => output,
    get done() {
      return done;
    },
    async stop() {
      if (done) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A TCP port free on 127.0.0.1 right now (for a child that cannot report the port it bound). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
