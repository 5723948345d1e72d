/** Help text at each level, written from the endpoint map and the schemas (see schema-info). */
import { endpoints } from "../schemas/endpoints";
import { GLOBAL_FLAGS, valuePlaceholder } from "./args";
import { commandName, commands, namespaces, type Command } from "./commands";
import { endpointInfo, type FieldInfo } from "./schema-info";

const WIDTH = Math.max(60, Math.min(process.stdout.columns || 100, 110));
/** Enums longer than this are listed on lines of their own in a command's help, and not in summaries. */
const SHORT_ENUM = 6;

export function topHelp(version: string | undefined): string {
  const width = Math.max(...commands.map((command) => commandName(command).length)) + 4;
  return [
    `ideogram${version ? ` ${version}` : ""}: Ideogram image generation from the command line (ideogram-sdk).`,
    "",
    "Usage:",
    "  ideogram <command> --<field> <value> ... [global flags]",
    "  ideogram <command> --help        the command's flags, with their values, ranges and defaults",
    ...namespaces.map((namespace) => `  ideogram ${namespace} --help${" ".repeat(Math.max(1, 21 - namespace.length))}the ${namespace} commands with a summary of their flags`),
    "",
    "Commands:",
    ...commands.map((command) => wrap(commandName(command).padEnd(width) + describeCommand(command), 2, width + 2)),
    "",
    globalFlagsHelp(),
    "",
    footer(),
  ].join("\n");
}

export function namespaceHelp(namespace: string): string {
  const inside = commands.filter((command) => command.words[0] === namespace);
  return [
    `ideogram ${namespace}: ${inside.length} commands. Run ideogram ${namespace} <command> --help for every detail of a command's flags.`,
    "",
    "Usage: ideogram " + namespace + " <command> --<field> <value> ... [global flags]",
    "",
    "Commands (required flags first, then [optional] ones; <...> is a value):",
    ...inside.flatMap((command) => ["", `  ${commandName(command)}`, wrap(describeCommand(command), 6), wrap(synopsis(command), 6)]),
    "",
    globalFlagsHelp(),
    "",
    footer(),
  ].join("\n");
}

export function commandHelp(command: Command): string {
  const info = endpointInfo(command.endpoint);
  const definition = endpoints[command.endpoint];
  const lines = [
    `ideogram ${commandName(command)}: ${info.description ?? command.endpoint}`,
    `  POST ${definition.path} (${definition.body === "json" ? "JSON body" : "multipart"}); endpoint "${command.endpoint}"${definition.documentedBy === "ideogram" ? "; Ideogram's own API (not on the gateway's page): use --provider ideogram" : ""}`,
    "",
    `Usage: ideogram ${commandName(command)} ${requiredUsage(command)}[flags]`,
    "",
    "Flags, under the API's wire names (dashes work for underscores: --num-images is --num_images):",
    ...info.fields.flatMap((field) =>
      field === info.envelope?.field
        ? // Not required as a flag: its fields can be given one by one.
          fieldHelp({ ...field, required: false, description: `${field.description ?? ""} The whole ${field.name} as JSON, or its fields as the flags below.`.trim() })
        : fieldHelp(field),
    ),
  ];
  if (info.envelope) {
    const name = info.envelope.field.name;
    lines.push(
      "",
      wrap(
        `Fields of ${name}: give each as its own flag, as below, or all at once as --${name} '{"${info.envelope.fields[0]?.name ?? "key"}":"..."}' JSON; a flag wins over the same key in the JSON.${info.envelope.field.required ? "" : ` ${name} may be left out.`}`,
        0,
      ),
      ...info.envelope.fields.flatMap(fieldHelp),
    );
  }
  const rules = [...info.rules, ...(info.envelope?.rules ?? [])];
  if (rules.length) lines.push("", "Rules:", ...rules.map((rule) => wrap(`- ${rule}`, 2, 4)));
  lines.push(
    "",
    wrap(`Global flags (see ideogram --help): ${GLOBAL_FLAGS.filter((flag) => flag.name !== "version").map((flag) => `--${flag.name}${flag.value ? `\u00a0${flag.value}` : ""}`).join(" ")}`, 0, 2),
    "",
    "Example:",
    `  ideogram ${commandName(command)} ${exampleArgs(command)} --dry-run`,
  );
  return lines.map((line) => line).join("\n");
}

function describeCommand(command: Command): string {
  return endpointInfo(command.endpoint).description ?? command.endpoint;
}

/** Every flag of a command on a few lines: required ones, then [optional] ones with their short values. */
function synopsis(command: Command): string {
  const info = endpointInfo(command.endpoint);
  const fields = [...info.fields.filter((field) => field !== info.envelope?.field), ...(info.envelope?.fields ?? [])];
  const one = (field: FieldInfo) => {
    const text = `--${field.name}${field.kind.item === "boolean" ? "" : `\u00a0${shortValue(field)}`}${field.kind.list ? "..." : ""}`;
    // Kept on one line by the wrapping.
    return (field.required ? text : `[${text}]`).replace(/ /g, "\u00a0");
  };
  return [...fields.filter((field) => field.required), ...fields.filter((field) => !field.required)].map(one).join(" ");
}

/** A value in a summary: an enum's values, a number's range, else the kind. */
function shortValue(field: FieldInfo): string {
  if (field.values) return field.values.length <= SHORT_ENUM ? field.values.join("|") : `<one of ${field.values.length}: ${field.values[0]}|...>`;
  if (field.kind.item === "number" && field.min !== undefined && field.max !== undefined) return `<${field.min}-${field.max}>`;
  return valuePlaceholder(field);
}

function requiredUsage(command: Command): string {
  const info = endpointInfo(command.endpoint);
  const fields = [...info.fields.filter((field) => field !== info.envelope?.field), ...(info.envelope?.fields ?? [])];
  return fields
    .filter((field) => field.required)
    .map((field) => `--${field.name} ${valuePlaceholder(field)} `)
    .join("");
}

function exampleArgs(command: Command): string {
  const info = endpointInfo(command.endpoint);
  const fields = [...info.fields.filter((field) => field !== info.envelope?.field), ...(info.envelope?.fields ?? [])];
  return fields
    .filter((field) => field.required)
    .map((field) => `--${field.name} ${exampleValue(field)}`)
    .join(" ");
}

function exampleValue(field: FieldInfo): string {
  if (field.values) return field.values[0]!;
  switch (field.kind.item) {
    case "file":
      return field.name === "mask" ? "mask.png" : "photo.png";
    case "number":
      return String(field.min ?? 1);
    case "json":
      return "'{}'";
    default:
      return '"a lighthouse at dusk"';
  }
}

/** One field in a command's help: the flag, what it takes, its description, its values. */
function fieldHelp(field: FieldInfo): string[] {
  const aliases = field.name.includes("_") ? `, --${field.name.replace(/_/g, "-")}` : "";
  const flag = field.kind.item === "boolean" ? `--${field.name}${aliases} [=false]` : `--${field.name}${aliases} ${valuePlaceholder(field)}`;
  const facts: string[] = [];
  facts.push(field.required ? "required" : "optional");
  facts.push(kindText(field));
  if (field.kind.item === "number" && (field.min !== undefined || field.max !== undefined)) facts.push(rangeText(field));
  if (field.kind.list) facts.push(`repeat the flag for each ${field.kind.item === "file" ? "file" : "item"}${itemsText(field)}`);
  if (field.pattern) facts.push(`matching /${field.pattern}/`);
  if (field.default !== undefined) facts.push(`default ${typeof field.default === "string" ? field.default : JSON.stringify(field.default)}`);
  const lines = [`  ${flag}`, wrap(`${field.description ? `${field.description} ` : ""}(${facts.join("; ")})`, 6)];
  if (field.values) lines.push(wrap(`one of: ${field.values.join(", ")}`, 6, 8));
  return lines;
}

function kindText(field: FieldInfo): string {
  switch (field.kind.item) {
    case "number":
      return field.integer ? "integer" : "number";
    case "boolean":
      return "boolean";
    case "json":
      return "JSON object";
    case "file":
      return "path of a JPEG, PNG or WebP file";
    default:
      return field.values ? "enum" : "text";
  }
}

function rangeText(field: FieldInfo): string {
  if (field.min !== undefined && field.max !== undefined) return `${field.min} to ${field.max}`;
  return field.min !== undefined ? `at least ${field.min}` : `at most ${field.max}`;
}

function itemsText(field: FieldInfo): string {
  if (field.minItems !== undefined && field.maxItems !== undefined) return `, ${field.minItems} to ${field.maxItems}`;
  if (field.maxItems !== undefined) return `, up to ${field.maxItems}`;
  if (field.minItems !== undefined) return `, at least ${field.minItems}`;
  return "";
}

function globalFlagsHelp(): string {
  const labels = GLOBAL_FLAGS.map((flag) => `${flag.short ? `-${flag.short}, ` : ""}--${flag.name}${flag.value ? ` ${flag.value}` : ""}`);
  const width = Math.max(...labels.map((label) => label.length)) + 2;
  return ["Global flags:", ...GLOBAL_FLAGS.map((flag, index) => wrap(labels[index]!.padEnd(width) + flag.help, 2, width + 2))].join("\n");
}

function footer(): string {
  return [
    "Environment: AIHUBMIX_API_KEY, IDEOGRAM_API_KEY, IDEOGRAM_BASE_URL, IDEOGRAM_LOG.",
    "Exit codes: 0 done; 1 API or network error (the request may have been sent); 2 bad input, missing key or",
    "  declined confirmation (nothing was sent).",
    "",
    "Examples:",
    '  ideogram v3 generate --prompt "a lighthouse at dusk" --num_images 2 --aspect_ratio 16x9 --out images',
    '  ideogram v3 generate --prompt "a lighthouse at dusk" --rendering_speed QUALITY --dry-run',
    '  ideogram v3 remix --prompt "in watercolour" --image photo.png --image_weight 60',
    '  ideogram legacy generate --prompt "a lighthouse" --model V_2_TURBO --json',
    "  ideogram legacy describe --image_file photo.png",
  ].join("\n");
}

/** Word-wraps `text` at the help width, indenting the first line by `indent` and the rest by `hanging`. */
function wrap(text: string, indent: number, hanging = indent): string {
  const words = text.split(" ");
  const lines: string[] = [];
  let line = " ".repeat(indent);
  let empty = true;
  for (const word of words) {
    if (!empty && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = " ".repeat(hanging) + word;
    } else {
      line += (empty ? "" : " ") + word;
    }
    empty = false;
  }
  lines.push(line);
  return lines.join("\n").replace(/\u00a0/g, " ");
}
