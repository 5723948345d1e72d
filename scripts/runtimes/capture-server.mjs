/**
 * The capture server of the runtime smoke tests: a real HTTP server on 127.0.0.1, in the runner's own process, that
 * answers like the API (the bodies of test/helpers/capture-server.ts) and records every request. Each configuration
 * uses its own base URL `http://127.0.0.1:<port>/<configuration>`, so its requests are told apart by their first
 * path segment. `checkRequests` then checks what one configuration sent.
 */
import { createServer } from "node:http";

export const IMAGE_RESPONSE = {
  created: "2000-01-23T04:56:07Z",
  data: [
    {
      prompt: "A serene tropical beach scene.",
      resolution: "1024x1024",
      is_image_safe: true,
      seed: 12345,
      url: "https://ideogram.ai/api/images/direct/8YEpFzHuS-S6xXEGmCsf7g",
      style_type: "REALISTIC",
    },
  ],
};

export const DESCRIBE_RESPONSE = { descriptions: [{ text: "A cat." }, { text: "A striped cat." }] };

export async function startCaptureServer() {
  /** @type {Map<string, object[]>} requests by configuration */
  const byConfig = new Map();
  const sockets = new Set();
  const server = createServer(async (req, res) => {
    const chunks = [];
    try {
      for await (const chunk of req) chunks.push(chunk);
    } catch {
      return;
    }
    const url = new URL(req.url ?? "/", "http://capture");
    const [, config = "", ...rest] = url.pathname.split("/");
    const request = {
      method: req.method,
      path: `/${rest.join("/")}`,
      apiKey: req.headers["api-key"],
      contentType: req.headers["content-type"],
      contentLength: req.headers["content-length"],
      transferEncoding: req.headers["transfer-encoding"],
      userAgent: req.headers["user-agent"],
      body: Buffer.concat(chunks),
    };
    if (!byConfig.has(config)) byConfig.set(config, []);
    byConfig.get(config).push(request);
    const known = req.method === "POST" && (request.path === "/v1/ideogram-v3/generate" || request.path === "/describe");
    const body = !known ? { message: `no such endpoint: ${req.method} ${request.path}` } : request.path === "/describe" ? DESCRIBE_RESPONSE : IMAGE_RESPONSE;
    res.writeHead(known ? 200 : 404, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    baseURL: (config) => `${origin}/${config}`,
    requests: (config) => byConfig.get(config) ?? [],
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Parses a multipart body strictly (framing byte by byte), as test/helpers/capture-server.ts does. */
export function parseMultipart(body, contentType) {
  const boundary = /boundary=([^;]+)/.exec(contentType ?? "")?.[1];
  if (!boundary) throw new Error(`not multipart: ${contentType}`);
  const delimiter = Buffer.from(`--${boundary}`);
  const parts = [];
  let position = body.indexOf(delimiter);
  if (position !== 0) throw new Error("body does not start with the boundary");
  for (;;) {
    position += delimiter.length;
    if (body.subarray(position, position + 2).toString() === "--") break;
    if (body.subarray(position, position + 2).toString() !== "\r\n") throw new Error("missing CRLF after boundary");
    position += 2;
    const headerEnd = body.indexOf("\r\n\r\n", position);
    if (headerEnd < 0) throw new Error("unterminated part headers");
    const rawHeaders = body.subarray(position, headerEnd).toString("utf8");
    const next = body.indexOf(Buffer.concat([Buffer.from("\r\n"), delimiter]), headerEnd + 4);
    if (next < 0) throw new Error("unterminated part");
    const data = body.subarray(headerEnd + 4, next);
    const disposition = /content-disposition: form-data; name="([^"]*)"(?:; filename="([^"]*)")?/i.exec(rawHeaders);
    if (!disposition) throw new Error(`bad part headers: ${rawHeaders}`);
    parts.push({
      name: disposition[1],
      filename: disposition[2],
      contentType: /content-type: (.+)/i.exec(rawHeaders)?.[1]?.trim(),
      data,
      text: data.toString("utf8"),
    });
    position = next + 2;
  }
  return parts;
}

/**
 * Checks the requests one configuration sent: exactly the generate and the describe call (the invalid call and the
 * file path probe send nothing), and with `pngFile` (the Node platform) a second describe of that file by its path;
 * each with the key and the expected multipart parts. Returns a list of problems.
 */
export function checkRequests(requests, png, { pngFile } = {}) {
  const problems = [];
  const seen = requests.map((r) => `${r.method} ${r.path}`);
  const expected = ["POST /v1/ideogram-v3/generate", "POST /describe", ...(pngFile ? ["POST /describe"] : [])];
  if (JSON.stringify(seen) !== JSON.stringify(expected)) {
    problems.push(`requests were [${seen.join(", ")}], expected [${expected.join(", ")}]`);
  }
  const common = (request, label) => {
    if (request.apiKey !== "sk-smoke") problems.push(`${label}: api-key header was ${JSON.stringify(request.apiKey)}`);
    if (!/^multipart\/form-data; boundary=/.test(request.contentType ?? "")) {
      problems.push(`${label}: content-type was ${JSON.stringify(request.contentType)}`);
      return undefined;
    }
    if (request.contentLength !== undefined && Number(request.contentLength) !== request.body.length) {
      problems.push(`${label}: content-length ${request.contentLength} but ${request.body.length} bytes came`);
    }
    try {
      return parseMultipart(request.body, request.contentType);
    } catch (error) {
      problems.push(`${label}: bad multipart body (${error.message})`);
      return undefined;
    }
  };

  const generate = requests.find((r) => r.path === "/v1/ideogram-v3/generate");
  const generateParts = generate && common(generate, "generate");
  if (generateParts) {
    const texts = Object.fromEntries(generateParts.map((p) => [p.name, p.text]));
    for (const [name, value] of Object.entries({ prompt: "smoke", num_images: "2", seed: "0" })) {
      if (texts[name] !== value) problems.push(`generate: part ${name} was ${JSON.stringify(texts[name])}, expected ${JSON.stringify(value)}`);
    }
    const names = generateParts.map((p) => p.name).join(",");
    if (names !== "prompt,num_images,seed") problems.push(`generate: parts were [${names}], expected [prompt,num_images,seed]`);
  }

  const describes = requests.filter((r) => r.path === "/describe");
  const checkDescribe = (request, label, filename) => {
    const parts = request && common(request, label);
    if (!parts) return;
    const file = parts.find((p) => p.name === "image_file");
    if (!file) {
      problems.push(`${label}: no image_file part (parts: ${parts.map((p) => p.name).join(",")})`);
      return;
    }
    if (file.contentType !== "image/png") problems.push(`${label}: image_file content type was ${JSON.stringify(file.contentType)}`);
    if (!file.filename) problems.push(`${label}: image_file part has no filename`);
    else if (filename && file.filename !== filename) problems.push(`${label}: image_file filename was ${JSON.stringify(file.filename)}, expected ${JSON.stringify(filename)}`);
    if (!file.data.equals(Buffer.from(png))) {
      problems.push(`${label}: image_file bytes differ (${file.data.length} bytes: ${JSON.stringify(file.data.subarray(0, 40).toString("latin1"))}, expected the ${png.length}-byte PNG)`);
    }
  };
  checkDescribe(describes[0], "describe", undefined);
  if (pngFile) checkDescribe(describes[1], "describe (file path)", pngFile);
  return problems;
}
