/**
 * Every error the SDK throws is an IdeogramError. Errors with an HTTP status are APIErrors, one class per
 * documented status (built by `makeAPIError`). Messages are short and never contain the API key.
 */

export class IdeogramError extends Error {
  override name = "IdeogramError";
}

/** One problem with the params of a call, by the wire path of the field (`image_request.model`). */
export interface ValidationIssue {
  path: string;
  message: string;
}

/** Bad input, refused before anything was sent (nothing charged). */
export class ValidationError extends IdeogramError {
  override name = "ValidationError";
  readonly issues: ValidationIssue[];
  readonly endpoint: string | undefined;

  constructor(issues: ValidationIssue[], endpoint?: string) {
    const where = endpoint ? ` for ${endpoint}` : "";
    const lines = issues.map((issue) => `  - ${issue.path ? `${issue.path}: ` : ""}${issue.message}`);
    super(`Invalid params${where}:\n${lines.join("\n")}`);
    this.issues = issues;
    this.endpoint = endpoint;
  }
}

export class APIError extends IdeogramError {
  override name = "APIError";
  readonly status: number;
  readonly headers: Headers;
  /** The parsed JSON body, or the (redacted, shortened) text when it was not JSON. */
  readonly body: unknown;
  readonly requestId: string | undefined;
  /** Seconds the server asked us to wait (Retry-After), when it said. */
  readonly retryAfter: number | undefined;

  constructor(status: number, message: string, init: { headers?: Headers; body?: unknown; retryAfter?: number } = {}) {
    super(message);
    this.status = status;
    this.headers = init.headers ?? new Headers();
    this.body = init.body;
    this.requestId = this.headers.get("x-request-id") ?? this.headers.get("request-id") ?? undefined;
    this.retryAfter = init.retryAfter;
  }
}

export class BadRequestError extends APIError {
  override name = "BadRequestError";
}
export class AuthenticationError extends APIError {
  override name = "AuthenticationError";
}
export class PermissionDeniedError extends APIError {
  override name = "PermissionDeniedError";
}
export class NotFoundError extends APIError {
  override name = "NotFoundError";
}
export class UnprocessableEntityError extends APIError {
  override name = "UnprocessableEntityError";
}
export class RateLimitError extends APIError {
  override name = "RateLimitError";
}
export class InternalServerError extends APIError {
  override name = "InternalServerError";
}

/** The request could not be completed: no connection, or the connection was lost. */
export class APIConnectionError extends IdeogramError {
  override name = "APIConnectionError";
  /** True when the failure happened before the server could have received the request. */
  readonly beforeRequestSent: boolean;
  constructor(message: string, options: { cause?: unknown; beforeRequestSent?: boolean } = {}) {
    super(message, { cause: options.cause });
    this.beforeRequestSent = options.beforeRequestSent ?? false;
  }
}

export class APITimeoutError extends APIConnectionError {
  override name = "APITimeoutError";
}

export class APIUserAbortError extends IdeogramError {
  override name = "APIUserAbortError";
  /** True when the call was aborted before its request was sent (waiting for a slot or to retry). */
  readonly beforeRequestSent: boolean;
  constructor(message = "Request was aborted.", options: { cause?: unknown; beforeRequestSent?: boolean } = {}) {
    super(message, { cause: options.cause });
    this.beforeRequestSent = options.beforeRequestSent ?? false;
  }
}

/** A call whose estimated price would take the client past `budgetUSD`. Nothing was sent. */
export class BudgetExceededError extends IdeogramError {
  override name = "BudgetExceededError";
  readonly budgetUSD: number;
  /** The call's estimate; undefined when its price is not published. */
  readonly estimateUSD: number | undefined;
  /** Spent and reserved before this call. */
  readonly committedUSD: number;
  constructor(budgetUSD: number, estimateUSD: number | undefined, committedUSD: number, reason?: string) {
    super(
      estimateUSD === undefined
        ? `Budget of $${budgetUSD} set, but this call's price is not published (${reason ?? "no price"}), so it cannot be kept within the budget. Nothing was sent.`
        : `Budget exceeded: this call is estimated at $${estimateUSD}, and $${committedUSD} of the $${budgetUSD} budget is already spent or reserved. Nothing was sent.`,
    );
    this.budgetUSD = budgetUSD;
    this.estimateUSD = estimateUSD;
    this.committedUSD = committedUSD;
  }
}

export class ImageDownloadError extends IdeogramError {
  override name = "ImageDownloadError";
  readonly status: number | undefined;
  readonly url: string | undefined;
  constructor(message: string, options: { status?: number; url?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.status = options.status;
    this.url = options.url;
  }
}

const STATUS_CLASSES: Record<number, typeof APIError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

/** The one place an HTTP error response becomes an error object. */
export function makeAPIError(
  status: number,
  headers: Headers,
  bodyText: string,
  options: { retryAfter?: number; hint?: string } = {},
): APIError {
  const { body, summary } = summariseBody(bodyText, headers.get("content-type"));
  const reason = summary ? `: ${summary}` : "";
  const hint = options.hint ? ` ${options.hint}` : "";
  const message = `${status} ${statusText(status)}${reason}${hint}`;
  const ErrorClass = STATUS_CLASSES[status] ?? (status >= 500 ? InternalServerError : APIError);
  return new ErrorClass(status, message, { headers, body, retryAfter: options.retryAfter });
}

/** The server's own words: `{"error": "..."}`, `{"error": {"message": ...}}`, `{"detail": ...}`, or an HTML title. */
export function summariseBody(text: string, contentType: string | null): { body: unknown; summary: string } {
  const trimmed = text.trim();
  if (!trimmed) return { body: undefined, summary: "" };
  try {
    const body: unknown = JSON.parse(trimmed);
    return { body, summary: shorten(errorText(body) ?? trimmed) };
  } catch {
    // not JSON
  }
  if (/html/i.test(contentType ?? "") || /^<(!doctype|html|head|body)/i.test(trimmed)) {
    const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(trimmed)?.[1] ?? /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(trimmed)?.[1];
    const words = title ? stripTags(title) : "";
    return { body: shorten(trimmed, 2000), summary: words ? `HTML error page "${shorten(words)}"` : "HTML error page" };
  }
  return { body: shorten(trimmed, 2000), summary: shorten(trimmed) };
}

function errorText(body: unknown): string | undefined {
  if (typeof body === "string") return body;
  if (!body || typeof body !== "object") return undefined;
  const record = body as Record<string, unknown>;
  for (const key of ["error", "message", "detail"]) {
    const value = record[key];
    if (typeof value === "string") return value;
    if (value && typeof value === "object") {
      const nested = errorText(value);
      if (nested) return nested;
      if (Array.isArray(value)) return JSON.stringify(value);
    }
  }
  return undefined;
}

function stripTags(html: string): string {
  return html.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim();
}

function shorten(text: string, max = 300): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

function statusText(status: number): string {
  const texts: Record<number, string> = {
    400: "Bad Request", 401: "Unauthorized", 402: "Payment Required", 403: "Forbidden", 404: "Not Found",
    408: "Request Timeout", 409: "Conflict", 413: "Payload Too Large", 422: "Unprocessable Entity",
    429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
    504: "Gateway Timeout",
  };
  return texts[status] ?? "Error";
}
