/**
 * From parsed flags to the params of a call, by each field's kind: numbers and booleans parsed, JSON fields
 * parsed, a list from the repeated flag, files as paths (the SDK reads a string path from disk). A value that
 * does not parse is passed on as it was typed, so that the SDK's validation names the field and says what it
 * takes. Everything is then validated with the endpoint's schema and reported as one ValidationError.
 */
import { ValidationError, type ValidationIssue } from "../core/errors";
import { validate } from "../core/validate";
import { endpoints } from "../schemas/endpoints";
import { fieldKey, type ParsedArgs } from "./args";
import type { EndpointInfo, FieldInfo } from "./schema-info";

export function toParams(info: EndpointInfo, parsed: ParsedArgs): { params: Record<string, unknown>; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  const params: Record<string, unknown> = {};
  const nested: Record<string, unknown> = {};
  for (const { field, values } of parsed.fields.values()) {
    const converted = values.map((value) => convert(field, value, issues));
    const target = field.parent ? nested : params;
    if (field.kind.list) target[field.name] = converted;
    else {
      if (converted.length > 1) issues.push({ path: fieldKey(field), message: `takes one value (given ${converted.length} times)` });
      target[field.name] = converted[converted.length - 1];
    }
  }
  const envelope = info.envelope;
  if (envelope) {
    const name = envelope.field.name;
    const given = params[name];
    if (Object.keys(nested).length) {
      // Flags win over the same key of --image_request's JSON; a JSON that is not an object is left to the schema.
      params[name] = given && typeof given === "object" && !Array.isArray(given) ? { ...given, ...nested } : given === undefined ? nested : given;
    } else if (given === undefined && envelope.field.required) {
      // So that a missing prompt is reported as image_request.prompt, not as a missing image_request.
      params[name] = {};
    }
  }
  return { params, issues };
}

function convert(field: FieldInfo, value: string | boolean, issues: ValidationIssue[]): unknown {
  if (typeof value === "boolean") return value;
  switch (field.kind.item) {
    case "number": {
      const number = Number(value);
      return value.trim() !== "" && Number.isFinite(number) ? number : value;
    }
    case "boolean":
      if (/^(true|1|yes|on)$/i.test(value)) return true;
      if (/^(false|0|no|off)$/i.test(value)) return false;
      return value;
    case "json":
      try {
        return JSON.parse(value) as unknown;
      } catch (error) {
        const detail = (error as Error).message.replace(/^JSON\.parse: /, "");
        issues.push({ path: fieldKey(field), message: `must be JSON, quoted for the shell, such as --${field.name} '{"key":"value"}' (${detail})` });
        return undefined;
      }
    default:
      return value;
  }
}

/**
 * Validates params with the endpoint's schema, as a call would, and throws one ValidationError listing the
 * flag problems found while parsing and the schema's issues (file contents are checked later, when the
 * request is built).
 */
export function checkParams(info: EndpointInfo, params: Record<string, unknown>, issues: ValidationIssue[]): void {
  let schemaIssues: ValidationIssue[] = [];
  try {
    validate(endpoints[info.endpoint].params, params, info.endpoint);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    schemaIssues = error.issues;
  }
  // A JSON value that did not parse is already reported; the schema would only add "is required".
  const reported = new Set(issues.map((issue) => issue.path));
  const all = [...issues, ...schemaIssues.filter((issue) => !reported.has(issue.path))];
  if (all.length) throw new ValidationError(all, info.endpoint);
}
