/**
 * From an endpoint name and params to the exact HTTP request: validate, read the files, encode the body.
 * Both the client's calls and `buildRequest` go through `prepareRequest`, so they cannot differ.
 */
import { endpoints, type EndpointName } from "../schemas/endpoints";
import { isUploadable } from "../uploads/uploadable";
import { prepareFiles, type FileInput } from "../uploads/to-file";
import { ValidationError } from "./errors";
import { encodeMultipart, textParts } from "./multipart";
import { validate } from "./validate";

export interface PreparedRequest {
  endpoint: EndpointName;
  method: string;
  url: string;
  headers: Headers;
  /** A Blob (multipart) or a string (JSON): both can be sent again as they are on a retry. */
  body: Blob | string;
  /** The validated params, for pricing. */
  params: Record<string, unknown>;
}

export interface RequestTarget {
  baseURL: string;
  apiKey?: string | undefined;
  headers?: HeadersInit | undefined;
}

export async function prepareRequest(endpoint: EndpointName, params: unknown, target: RequestTarget): Promise<PreparedRequest> {
  const definition = endpoints[endpoint];
  if (!definition) {
    throw new ValidationError([{ path: "", message: `unknown endpoint "${String(endpoint)}"; endpoints: ${Object.keys(endpoints).join(", ")}` }]);
  }
  validate(definition.params, params, endpoint);
  // The params as the user wrote them (same values, the user's key order), plus parts the API always needs.
  const given = { ...(params as Record<string, unknown>) };
  for (const [key, value] of Object.entries(("alwaysSent" in definition && definition.alwaysSent) || {})) {
    if (given[key] === undefined) given[key] = value;
  }

  const headers = new Headers(target.headers);
  if (target.apiKey) headers.set("Api-Key", target.apiKey);
  let body: Blob | string;
  if (definition.body === "json") {
    body = JSON.stringify(given);
    headers.set("Content-Type", "application/json");
  } else {
    const files = await prepareFiles(fileInputs(given), endpoint);
    const multipart = encodeMultipart(textParts(given, isFileValue), files);
    body = multipart.body;
    headers.set("Content-Type", multipart.contentType);
  }
  return { endpoint, method: definition.method, url: joinURL(target.baseURL, definition.path), headers, body, params: given };
}

function isFileValue(value: unknown): boolean {
  return isUploadable(value) || (Array.isArray(value) && value.some(isUploadable));
}

/** Every file in the params, in order; a list field gives one entry per file. */
function fileInputs(params: Record<string, unknown>): FileInput[] {
  const inputs: FileInput[] = [];
  for (const [field, value] of Object.entries(params)) {
    if (isUploadable(value)) inputs.push({ field, path: field, value });
    else if (Array.isArray(value) && value.some(isUploadable)) {
      value.forEach((item, index) => inputs.push({ field, path: `${field}.${index}`, value: item }));
    }
  }
  return inputs;
}

export function joinURL(baseURL: string, path: string): string {
  return `${baseURL.replace(/\/+$/, "")}${path}`;
}

/** The standard Request for a prepared one (for `buildRequest`, and for fetch implementations that want one). */
export function toRequest(prepared: PreparedRequest, signal?: AbortSignal): Request {
  return new Request(prepared.url, { method: prepared.method, headers: prepared.headers, body: prepared.body, signal: signal ?? null });
}
