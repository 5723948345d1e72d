/**
 * The `ideogram` command: resolve the sub-command, read its flags into params, validate, then either show
 * the request (--dry-run) or send it (after a confirmation above --max-cost) and print the result.
 * Exit codes: 0 done; 2 bad input, nothing sent; 1 API, network or download error; 130 interrupted.
 */
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline/promises";
import { buildRequest } from "../build-request";
import { DEFAULT_BASE_URLS, ENV_KEYS, Ideogram, apiKeyFromEnv, type Provider } from "../client";
import { APIUserAbortError, IdeogramError, ValidationError } from "../core/errors";
import { estimateCost, type CostEstimate } from "../pricing/estimate";
import type { EndpointName, ParamsOf } from "../schemas/endpoints";
import { parseArgs, type ParsedArgs } from "./args";
import { commandName, resolveCommand } from "./commands";
import { describeRequest, formatEstimate, formatRequest, formatUSD } from "./dry-run";
import { commandHelp, namespaceHelp, topHelp } from "./help";
import { printResult } from "./output";
import { checkParams, toParams } from "./params";
import { startProgress } from "./progress";
import { endpointInfo } from "./schema-info";

/** Bad input, a missing key, a declined confirmation: exit 2, nothing was sent. */
export class UsageError extends Error {
  override name = "UsageError";
}

const DEFAULT_MAX_COST_USD = 0.5;

export interface CLIStreams {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
}

export async function main(argv: string[], streams: CLIStreams = process): Promise<number> {
  const secrets: string[] = [];
  const state = { sent: false };
  try {
    return await run(argv, streams, secrets, state);
  } catch (error) {
    const { code, message } = describeFailure(error, state.sent);
    // Messages from the SDK are redacted already; this also covers anything else that might echo the key.
    const redacted = secrets.filter((secret) => secret.length >= 4).reduce((text, secret) => text.split(secret).join("[redacted]"), message);
    streams.stderr.write(`${redacted}\n`);
    return code;
  }
}

async function run(argv: string[], streams: CLIStreams, secrets: string[], state: { sent: boolean }): Promise<number> {
  const { stdout, stderr } = streams;
  // The command is named by the words before the first flag.
  const firstFlag = argv.findIndex((token) => token.startsWith("-"));
  const words = firstFlag === -1 ? argv : argv.slice(0, firstFlag);
  const resolved = resolveCommand(words);

  if (resolved.kind !== "command") {
    const parsed = parseArgs(argv.slice(resolved.kind === "unknown" ? resolved.words.length : resolved.used), undefined);
    const help = parsed.globals.has("help");
    if (parsed.globals.has("version") && resolved.kind === "none") {
      stdout.write(`${version() ?? "unknown"}\n`);
      return 0;
    }
    if (resolved.kind === "unknown") {
      const suggestion = resolved.suggestion ? ` Did you mean "ideogram ${resolved.suggestion}"?` : "";
      throw new UsageError(`Unknown command "${resolved.words.join(" ")}".${suggestion} Run ideogram --help for the commands.`);
    }
    const text = resolved.kind === "namespace" ? namespaceHelp(resolved.namespace) : topHelp(version());
    if (help) {
      stdout.write(`${text}\n`);
      return 0;
    }
    stderr.write(`${text}\n\n`);
    throw new UsageError(resolved.kind === "namespace" ? `ideogram ${resolved.namespace}: name a command (see above).` : "No command given (see above).");
  }

  const { command } = resolved;
  const info = endpointInfo(command.endpoint);
  const parsed = parseArgs(argv.slice(resolved.used), info);
  if (parsed.globals.has("help")) {
    stdout.write(`${commandHelp(command)}\n`);
    return 0;
  }
  if (parsed.globals.has("version")) {
    stdout.write(`${version() ?? "unknown"}\n`);
    return 0;
  }
  const positional = parsed.positionals.map((value) => ({
    path: "",
    message: `unexpected argument ${JSON.stringify(value)}: give every value after its flag (--prompt "..."), and quote values with spaces`,
  }));
  const { params, issues } = toParams(info, parsed);
  checkParams(info, params, [...parsed.issues, ...positional, ...issues]);

  const settings = readSettings(parsed);
  if (settings.apiKey) secrets.push(settings.apiKey);
  const endpoint = command.endpoint;
  const estimate = estimateCost(endpoint, params as ParamsOf<typeof endpoint>, { provider: settings.provider });

  if (settings.dryRun) {
    const apiKey = settings.apiKey ?? apiKeyFromEnv(settings.provider);
    if (apiKey) secrets.push(apiKey);
    const request = await buildRequest(endpoint, params as ParamsOf<EndpointName>, {
      provider: settings.provider,
      ...(settings.baseURL ? { baseURL: settings.baseURL } : {}),
      ...(apiKey ? { apiKey } : {}),
    });
    const description = await describeRequest(request);
    if (settings.json) stdout.write(`${JSON.stringify({ endpoint, ...description, estimate }, null, 2)}\n`);
    else stdout.write(`${formatRequest(description, Boolean(apiKey))}\n\n${formatEstimate(estimate)}\n`);
    return 0;
  }

  const apiKey = settings.apiKey ?? apiKeyFromEnv(settings.provider);
  if (!apiKey) {
    throw new UsageError(
      `Missing API key: pass --api-key or set ${ENV_KEYS[settings.provider].join(" or ")}. (--dry-run shows the request and its cost without one.)`,
    );
  }
  secrets.push(apiKey);
  const toStderr = (line: string) => void stderr.write(`${line}\n`);
  const client = new Ideogram({
    apiKey,
    provider: settings.provider,
    ...(settings.baseURL ? { baseURL: settings.baseURL } : {}),
    ...(settings.timeout !== undefined ? { timeout: settings.timeout } : {}),
    ...(settings.maxRetries !== undefined ? { maxRetries: settings.maxRetries } : {}),
    // Every log line to stderr, so that stdout stays the result (and parses with --json).
    logger: { debug: toStderr, info: toStderr, warn: toStderr, error: toStderr },
  });
  // Files are read and checked (type, size, mask) before asking, so that a confirmed call does not then fail.
  await client.prepare(endpoint, params);
  await confirm(estimate, settings, streams);

  const progress = startProgress(`${commandName(command)}: waiting for Ideogram`, stderr, !settings.json);
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once("SIGINT", onInterrupt);
  state.sent = true;
  try {
    const response = await client.call(endpoint, params as ParamsOf<typeof endpoint>, { signal: controller.signal });
    await printResult(response, {
      json: settings.json,
      save: settings.save,
      out: settings.out,
      slug: command.words.join("-"),
      stdout,
      stderr,
      progress,
    });
  } finally {
    progress.stop();
    process.removeListener("SIGINT", onInterrupt);
  }
  const usage = client.usage;
  const spent = estimate.usd === undefined ? "" : `, ${formatUSD(usage.usd)} estimated`;
  stderr.write(`${formatEstimate(estimate)}\nUsage: ${usage.requests} request${usage.requests === 1 ? "" : "s"}, ${usage.images} image${usage.images === 1 ? "" : "s"}${spent}.\n`);
  return 0;
}

interface Settings {
  dryRun: boolean;
  json: boolean;
  save: boolean;
  yes: boolean;
  out: string;
  provider: Provider;
  baseURL: string | undefined;
  apiKey: string | undefined;
  maxCostUSD: number;
  /** Milliseconds, for the client. */
  timeout: number | undefined;
  maxRetries: number | undefined;
}

function readSettings(parsed: ParsedArgs): Settings {
  const value = (name: string) => {
    const given = parsed.globals.get(name);
    return typeof given === "string" ? given : undefined;
  };
  const number = (name: string, check: (n: number) => boolean, what: string) => {
    const text = value(name);
    if (text === undefined) return undefined;
    const parsedNumber = Number(text);
    if (text.trim() === "" || !check(parsedNumber)) throw new UsageError(`--${name} must be ${what} (got ${JSON.stringify(text)}).`);
    return parsedNumber;
  };
  const provider = value("provider") ?? "aihubmix";
  if (!Object.hasOwn(DEFAULT_BASE_URLS, provider)) {
    throw new UsageError(`--provider must be one of ${Object.keys(DEFAULT_BASE_URLS).join(", ")} (got ${JSON.stringify(provider)}).`);
  }
  const timeout = number("timeout", (n) => n > 0 && Number.isFinite(n), "a positive number of seconds");
  return {
    dryRun: parsed.globals.has("dry-run"),
    json: parsed.globals.has("json"),
    save: !parsed.globals.has("no-save"),
    yes: parsed.globals.has("yes"),
    out: value("out") ?? ".",
    provider: provider as Provider,
    baseURL: value("base-url"),
    apiKey: value("api-key"),
    maxCostUSD: number("max-cost", (n) => n >= 0 && Number.isFinite(n), "a number of US dollars of at least 0") ?? DEFAULT_MAX_COST_USD,
    timeout: timeout === undefined ? undefined : Math.round(timeout * 1000),
    maxRetries: number("max-retries", (n) => Number.isInteger(n) && n >= 0, "a whole number of at least 0"),
  };
}

/** Above --max-cost: ask on a terminal; refuse without one, unless --yes. */
async function confirm(estimate: CostEstimate, settings: Settings, streams: CLIStreams): Promise<void> {
  if (settings.yes || estimate.usd === undefined || estimate.usd <= settings.maxCostUSD) return;
  const above = `This call is estimated at ${formatUSD(estimate.usd)}, above --max-cost ${formatUSD(settings.maxCostUSD)}.`;
  if (!streams.stdin.isTTY) {
    throw new UsageError(`${above} Not sent: pass --yes to send it without asking, or raise --max-cost.`);
  }
  const prompt = createInterface({ input: streams.stdin, output: streams.stderr });
  // Ctrl-C or Ctrl-D at the question is a no.
  const controller = new AbortController();
  prompt.once("SIGINT", () => controller.abort());
  prompt.once("close", () => controller.abort());
  let answer = "";
  try {
    answer = await prompt.question(`${above} Proceed? [y/N] `, { signal: controller.signal });
  } catch {
    streams.stderr.write("\n");
  } finally {
    prompt.close();
  }
  if (!/^y(es)?$/i.test(answer.trim())) throw new UsageError("Not sent.");
}

/** The exit code and the message of a failure; `sent`: it happened once the call had started. */
function describeFailure(error: unknown, sent: boolean): { code: number; message: string } {
  if (error instanceof ValidationError || error instanceof UsageError) return { code: 2, message: error.message };
  if (error instanceof APIUserAbortError) {
    return { code: 130, message: error.beforeRequestSent ? "Interrupted; nothing was sent." : "Interrupted; the request had been sent, and may be billed." };
  }
  if (error instanceof IdeogramError) {
    // Before the call, a plain IdeogramError is a setting the client refused (a base URL, a provider).
    if (!sent && error.constructor === IdeogramError) return { code: 2, message: error.message };
    return { code: 1, message: `${error.name}: ${error.message}` };
  }
  return { code: 1, message: `Error: ${error instanceof Error ? error.message : String(error)}` };
}

/** The package's version, from the package.json above this file (dist/cli.js or src/cli/main.ts). */
function version(): string | undefined {
  try {
    let dir = dirname(realpathSync(process.argv[1] ?? "."));
    for (let depth = 0; depth < 5; depth++, dir = dirname(dir)) {
      const file = join(dir, "package.json");
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "ideogram-sdk") return pkg.version;
    }
  } catch {
    // no version shown
  }
  return undefined;
}

