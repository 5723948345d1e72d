/**
 * Command-line flags: the global ones (written here) and a command's field flags (read from its schema).
 * `--name value`, `--name=value`, `--flag` / `--flag=false` / `--no-flag` for booleans, a list field by
 * repeating its flag. Field flags go by their wire names; dashes work for underscores (`--num-images`).
 */
import { closest } from "../core/validate";
import type { ValidationIssue } from "../core/errors";
import type { EndpointInfo, FieldInfo } from "./schema-info";

export interface GlobalFlag {
  name: string;
  /** The value's placeholder; a flag without one is a switch. */
  value?: string;
  short?: string;
  help: string;
}

export const GLOBAL_FLAGS: GlobalFlag[] = [
  { name: "dry-run", help: "Validate, then print the request (method, URL, headers, body) and its estimated cost. Sends nothing; needs no API key." },
  { name: "json", help: "Print the response as JSON on stdout (with --dry-run: the request). Saved paths and the cost go to stderr." },
  { name: "out", short: "o", value: "<dir>", help: "Folder the images are saved in (created if missing). Default: the current folder." },
  { name: "no-save", help: "Do not download the images; print their links instead (they are temporary)." },
  { name: "yes", short: "y", help: "Do not ask for confirmation when the estimate is above --max-cost." },
  { name: "max-cost", value: "<usd>", help: "Ask before sending a call estimated above this many US dollars (refused without a terminal unless --yes). Default 0.50." },
  { name: "provider", value: "<aihubmix|ideogram>", help: "Picks the default base URL, key variable and price table. Default aihubmix." },
  { name: "base-url", value: "<url>", help: "API base URL. Default: IDEOGRAM_BASE_URL, else the provider's." },
  { name: "api-key", value: "<key>", help: "API key. Default: AIHUBMIX_API_KEY, then IDEOGRAM_API_KEY (the other way round with --provider ideogram); the environment keeps it out of the process list." },
  { name: "timeout", value: "<seconds>", help: "Time allowed for each attempt, in seconds. Default 180." },
  { name: "max-retries", value: "<n>", help: "Retries of a failure that means nothing was processed (connection, 408, 429, 503). Default 2." },
  { name: "help", short: "h", help: "Show help: the commands, or a command's flags with their values, ranges and defaults." },
  { name: "version", help: "Print the version." },
];

export interface ParsedArgs {
  /** Global flags by name: a value, or true for a switch. Last one wins. */
  globals: Map<string, string | true>;
  /** Field flags in the order first given, keyed by `parent.name` for a field of the nested request. */
  fields: Map<string, { field: FieldInfo; values: (string | boolean)[] }>;
  positionals: string[];
  /** Unknown flags and flags missing their value, as ValidationError issues. */
  issues: ValidationIssue[];
}

type Target = { type: "global"; flag: GlobalFlag } | { type: "field"; field: FieldInfo };

const normalize = (name: string) => name.replace(/-/g, "_");

/** Every flag name of a command (or only the global flags without one), normalized. */
function flagTable(info: EndpointInfo | undefined): Map<string, Target> {
  const table = new Map<string, Target>();
  for (const flag of GLOBAL_FLAGS) table.set(normalize(flag.name), { type: "global", flag });
  if (!info) return table;
  for (const field of info.envelope?.fields ?? []) table.set(normalize(field.name), { type: "field", field });
  // The endpoint's own fields win over a nested field of the same name.
  for (const field of info.fields) table.set(normalize(field.name), { type: "field", field });
  return table;
}

export function fieldKey(field: FieldInfo): string {
  return field.parent ? `${field.parent}.${field.name}` : field.name;
}

const isSwitch = (target: Target) => (target.type === "global" ? !target.flag.value : target.field.kind.item === "boolean" && !target.field.kind.list);

export function parseArgs(argv: string[], info: EndpointInfo | undefined): ParsedArgs {
  const table = flagTable(info);
  const parsed: ParsedArgs = { globals: new Map(), fields: new Map(), positionals: [], issues: [] };
  const shorts = new Map(GLOBAL_FLAGS.filter((flag) => flag.short).map((flag) => [flag.short!, flag]));

  const set = (target: Target, value: string | boolean) => {
    if (target.type === "global") {
      parsed.globals.set(target.flag.name, value === true ? true : String(value));
      return;
    }
    const key = fieldKey(target.field);
    const entry = parsed.fields.get(key) ?? { field: target.field, values: [] };
    entry.values.push(value);
    parsed.fields.set(key, entry);
  };

  for (let index = 0; index < argv.length; index++) {
    const token = argv[index]!;
    if (token === "--") {
      parsed.positionals.push(...argv.slice(index + 1));
      break;
    }
    if (!token.startsWith("-") || token === "-") {
      parsed.positionals.push(token);
      continue;
    }
    const equals = token.indexOf("=");
    const rawName = token.startsWith("--") ? token.slice(2, equals === -1 ? undefined : equals) : token.slice(1, equals === -1 ? undefined : equals);
    let inline: string | undefined = equals === -1 ? undefined : token.slice(equals + 1);
    let target: Target | undefined;
    if (!token.startsWith("--")) {
      const flag = shorts.get(rawName);
      target = flag ? { type: "global", flag } : undefined;
    } else {
      target = table.get(normalize(rawName));
      // `--no-<boolean field>`
      if (!target && rawName.startsWith("no-") && inline === undefined) {
        const negated = table.get(normalize(rawName.slice(3)));
        if (negated?.type === "field" && isSwitch(negated)) {
          set(negated, false);
          continue;
        }
      }
    }
    if (!target) {
      parsed.issues.push(unknownFlag(rawName, info));
      // Its value, most likely, rather than a stray argument.
      if (inline === undefined && index + 1 < argv.length && !argv[index + 1]!.startsWith("-")) index++;
      continue;
    }
    if (isSwitch(target)) {
      // `--flag`, `--flag=false`, or `--flag true|false` for a boolean field.
      if (inline === undefined && target.type === "field" && /^(true|false)$/i.test(argv[index + 1] ?? "")) inline = argv[++index];
      if (target.type === "global" && inline !== undefined && !/^(true|1|yes)$/i.test(inline)) {
        if (/^(false|0|no)$/i.test(inline)) parsed.globals.delete(target.flag.name);
        else parsed.issues.push({ path: `--${target.flag.name}`, message: `is a switch: give it alone, or =false (got ${JSON.stringify(inline)})` });
        continue;
      }
      set(target, inline ?? true);
      continue;
    }
    if (inline === undefined) {
      if (index + 1 >= argv.length) {
        const name = target.type === "global" ? `--${target.flag.name}` : fieldKey(target.field);
        parsed.issues.push({ path: name, message: `needs a value (--${target.type === "global" ? target.flag.name : target.field.name} ${placeholder(target)})` });
        continue;
      }
      inline = argv[++index]!;
    }
    set(target, inline);
  }
  return parsed;
}

function placeholder(target: Target): string {
  if (target.type === "global") return target.flag.value ?? "";
  return valuePlaceholder(target.field);
}

export function valuePlaceholder(field: FieldInfo): string {
  if (field.values && field.values.length <= 6) return `<${field.values.join("|")}>`;
  if (field.values) return "<value>";
  switch (field.kind.item) {
    case "number":
      return field.integer ? "<integer>" : "<number>";
    case "boolean":
      return "";
    case "json":
      return "<json>";
    case "file":
      return "<path>";
    default:
      return "<text>";
  }
}

/** The SDK's wording for a field the endpoint does not have, with the closest flag. */
function unknownFlag(rawName: string, info: EndpointInfo | undefined): ValidationIssue {
  const fields = [...new Set([...(info?.fields ?? []), ...(info?.envelope?.fields ?? [])].map((field) => field.name))];
  const globals = GLOBAL_FLAGS.map((flag) => flag.name);
  const hint = closest(rawName, fields) ?? closest(rawName, globals);
  const shown = hint ? (globals.includes(hint) && !fields.includes(hint) ? `--${hint}` : hint) : undefined;
  const suggestion = shown ? ` Did you mean "${shown}"?` : "";
  if (!info) return { path: `--${rawName}`, message: `is not a flag of ideogram.${suggestion} Run ideogram --help for the commands.` };
  return { path: rawName, message: `is not a field of this endpoint.${suggestion} Allowed: ${fields.join(", ")}` };
}
