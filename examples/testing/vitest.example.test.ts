/**
 * Testing your own code against the mock Ideogram API, with vitest: nothing here reaches the real API or
 * costs anything. `makePoster` stands for your code. In this repository:
 * `npx vitest run --config examples/testing/vitest.config.ts`.
 */
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { Ideogram, InternalServerError } from "ideogram-sdk";
import { createMockServer, handlers, type MockServer } from "ideogram-sdk/testing";
import { makePoster } from "./poster";

describe("with createMockServer (a real HTTP server on 127.0.0.1)", () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await createMockServer();
  });
  afterEach(() => mock.reset()); // each test starts with a healthy server and no recorded requests
  afterAll(() => mock.close());
  const client = () => new Ideogram({ apiKey: "test-key", baseURL: mock.baseURL });

  test("makes a poster", async () => {
    const poster = await makePoster(client(), "Summer Fair");
    expect(poster.png.type).toBe("image/png");
    expect(mock.requests[0]?.params).toMatchObject({ prompt: 'A poster titled "Summer Fair"', aspect_ratio: "3x4" });
  });

  test("says so when the safety check withholds the poster", async () => {
    mock.configure({ unsafe: true });
    await expect(makePoster(client(), "Summer Fair")).rejects.toThrow(/withheld/);
  });

  test("gets through a rate limit (the SDK waits and retries)", async () => {
    mock.fail({ status: 429, retryAfter: 0, times: 1 });
    await expect(makePoster(client(), "Summer Fair")).resolves.toBeTruthy();
    expect(mock.requests.map((request) => request.status)).toEqual([429, 200]);
  });

  test("fails on a server error without buying twice", async () => {
    mock.fail({ status: 500, times: 1 });
    await expect(makePoster(client(), "Summer Fair")).rejects.toBeInstanceOf(InternalServerError);
    expect(mock.requests).toHaveLength(1); // a 500 may have been charged, so the SDK does not retry it
  });
});

describe("with msw (no server: the client's default base URL is intercepted)", () => {
  const server = setupServer(...handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => handlers.reset());
  afterAll(() => server.close());

  test("makes a poster", async () => {
    const poster = await makePoster(new Ideogram({ apiKey: "test-key" }), "Night Market");
    expect(poster.png.type).toBe("image/png");
    expect(handlers.requests[0]?.path).toBe("/ideogram/v1/ideogram-v3/generate");
  });
});
