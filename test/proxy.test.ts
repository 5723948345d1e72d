/**
 * Proxies on Node: HTTP(S)_PROXY and NO_PROXY through undici's EnvHttpProxyAgent, and an explicit undici
 * dispatcher; against a real forward/CONNECT proxy on 127.0.0.1.
 */
import { createServer, request as httpRequest, type Server } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";
import { ProxyAgent } from "undici";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Ideogram } from "ideogram-sdk";
import { startCaptureServer, type CaptureServer } from "./helpers/capture-server";

interface Proxy {
  url: string;
  /** What went through: `CONNECT host:port` or `POST http://...`. */
  seen: string[];
  close(): Promise<void>;
}

async function startProxy(): Promise<Proxy> {
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const target = new URL(req.url!);
    const upstream = httpRequest(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode!, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
  server.on("connect", (req, client: Socket, head) => {
    seen.push(`CONNECT ${req.url}`);
    const [host, port] = req.url!.split(":");
    const upstream = connect(Number(port), host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("error", () => {});
      socket.on("close", () => sockets.delete(socket));
    }
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

let proxy: Proxy;
let api: CaptureServer;

beforeEach(async () => {
  for (const name of ["HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "NO_PROXY", "no_proxy"]) vi.stubEnv(name, "");
  proxy = await startProxy();
  api = await startCaptureServer();
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await proxy.close();
  await api.close();
});

const host = () => new URL(api.baseURL).host;

describe("proxies", () => {
  it("sends through HTTP_PROXY when it is set", async () => {
    vi.stubEnv("HTTP_PROXY", proxy.url);
    const client = new Ideogram({ apiKey: "k", baseURL: api.baseURL });
    const response = await client.v3.generate({ prompt: "via proxy", num_images: 2 });
    expect(response.data).toHaveLength(1);
    expect(proxy.seen.length).toBeGreaterThan(0);
    expect(proxy.seen[0]).toMatch(new RegExp(`^(CONNECT ${host()}|POST http://${host()}/v1/ideogram-v3/generate)$`));
    expect(api.requests).toHaveLength(1);
    expect(api.requests[0]!.headers["api-key"]).toBe("k");
    expect(api.requests[0]!.parts().map((part) => [part.name, part.text])).toEqual([["prompt", "via proxy"], ["num_images", "2"]]);
  });

  it("goes direct for hosts in NO_PROXY", async () => {
    vi.stubEnv("HTTP_PROXY", proxy.url);
    vi.stubEnv("NO_PROXY", "127.0.0.1");
    const client = new Ideogram({ apiKey: "k", baseURL: api.baseURL });
    await client.v3.generate({ prompt: "direct" });
    expect(proxy.seen).toEqual([]);
    expect(api.requests).toHaveLength(1);
  });

  it("goes direct without proxy variables", async () => {
    await new Ideogram({ apiKey: "k", baseURL: api.baseURL }).v3.generate({ prompt: "direct" });
    expect(proxy.seen).toEqual([]);
    expect(api.requests).toHaveLength(1);
  });

  it("uses an undici dispatcher given to the client", async () => {
    const dispatcher = new ProxyAgent(proxy.url);
    try {
      const client = new Ideogram({ apiKey: "k", baseURL: api.baseURL, dispatcher });
      await client.legacy.generate({ image_request: { prompt: "dispatched" } });
      expect(proxy.seen).toEqual([`CONNECT ${host()}`]);
      expect(api.requests[0]!.json()).toEqual({ image_request: { prompt: "dispatched" } });
    } finally {
      await dispatcher.close();
    }
  });

  it("streams a file from disk through the proxy with its length", async () => {
    const { mkdtemp, writeFile, rm } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { pngBytes } = await import("./helpers/images");
    const dir = await mkdtemp(join(tmpdir(), "ideogram-proxy-"));
    try {
      const png = pngBytes(16, 16);
      await writeFile(join(dir, "in.png"), png);
      vi.stubEnv("HTTP_PROXY", proxy.url);
      await new Ideogram({ apiKey: "k", baseURL: api.baseURL }).v3.remix({ prompt: "p", image: join(dir, "in.png") });
      const sent = api.requests[0]!;
      expect(sent.headers["content-length"]).toBe(String(sent.body.length));
      expect(Buffer.from(sent.parts()[1]!.data)).toEqual(Buffer.from(png));
    } finally {
      await rm(dir, { recursive: true });
    }
  });
});
