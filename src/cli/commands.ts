/**
 * Sub-commands, one per endpoint of the endpoint map: `v3.generate` is `ideogram v3 generate`,
 * `v3.replaceBackground` is `ideogram v3 replace-background`, `removeBackground` is
 * `ideogram remove-background`. The endpoint's own spelling (`removeBackground`, `v3.generate`) works too.
 */
import { endpointNames, type EndpointName } from "../schemas/endpoints";
import { closest } from "../core/validate";

export interface Command {
  endpoint: EndpointName;
  /** The words that name it: `["v3", "generate"]`, `["remove-background"]`. */
  words: string[];
}

const kebab = (text: string) => text.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
/** Spellings compared without case, dashes or underscores: `replaceBackground` = `replace-background`. */
const squash = (text: string) => text.toLowerCase().replace(/[-_]/g, "");

const all: Command[] = endpointNames.map((endpoint) => ({ endpoint, words: endpoint.split(".").map(kebab) }));

/** Namespaces (`v3`, `legacy`): the first word of commands that have two. */
export const namespaces = [...new Set(all.filter((command) => command.words.length > 1).map((command) => command.words[0]!))];

/** Grouped by namespace (in the endpoint map's order), then the commands of one word. */
export const commands: Command[] = [
  ...namespaces.flatMap((namespace) => all.filter((command) => command.words.length > 1 && command.words[0] === namespace)),
  ...all.filter((command) => command.words.length === 1),
];

export type Resolved =
  | { kind: "command"; command: Command; used: number }
  | { kind: "namespace"; namespace: string; used: number }
  | { kind: "none"; used: 0 }
  | { kind: "unknown"; words: string[]; suggestion?: string };

/** Finds the command named by the leading words (`v3 generate`, `v3.generate`, `remove-background`). */
export function resolveCommand(words: string[]): Resolved {
  if (!words.length) return { kind: "none", used: 0 };
  const [first, second] = words.map(squash);
  const dotted = first!.split(".");
  if (dotted.length === 2) {
    const command = commands.find((candidate) => candidate.words.map(squash).join(".") === dotted.join("."));
    if (command) return { kind: "command", command, used: 1 };
  }
  const single = commands.find((candidate) => candidate.words.length === 1 && squash(candidate.words[0]!) === first);
  if (single) return { kind: "command", command: single, used: 1 };
  const namespace = namespaces.find((name) => squash(name) === first);
  if (namespace) {
    if (second === undefined) return { kind: "namespace", namespace, used: 1 };
    const command = commands.find((candidate) => candidate.words[0] === namespace && squash(candidate.words[1] ?? "") === second);
    if (command) return { kind: "command", command, used: 2 };
    const hint = closest(words[1]!, commands.filter((candidate) => candidate.words[0] === namespace).map((candidate) => candidate.words.join(" ")).map((name) => name.split(" ")[1]!));
    return { kind: "unknown", words: words.slice(0, 2), ...(hint ? { suggestion: `${namespace} ${hint}` } : {}) };
  }
  const all = commands.map((candidate) => candidate.words.join(" "));
  const typed = words.slice(0, 2).join(" ");
  const hint = closest(typed, all) ?? closest(words[0]!, [...namespaces, ...all]);
  return { kind: "unknown", words: words.slice(0, 1), ...(hint ? { suggestion: hint } : {}) };
}

export function commandName(command: Command): string {
  return command.words.join(" ");
}
