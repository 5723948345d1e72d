/** Reads an environment variable where the runtime has one (Node, Bun, Deno with permission); never throws. */
export function readEnv(name: string): string | undefined {
  try {
    const fromProcess = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
    if (fromProcess !== undefined) return fromProcess.trim() || undefined;
    const deno = (globalThis as { Deno?: { env?: { get(key: string): string | undefined } } }).Deno;
    return deno?.env?.get(name)?.trim() || undefined;
  } catch {
    return undefined; // Deno without --allow-env, or a sandbox that forbids it
  }
}

/** Loopback hosts, the only ones plain http is allowed to (tests, the mock server). */
export function isLoopback(url: URL): boolean {
  return /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i.test(url.hostname);
}
