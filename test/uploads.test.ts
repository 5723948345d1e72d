import { describe, expect, it } from "vitest";
import { MAX_FILE_BYTES, ValidationError, toFile } from "ideogram-sdk";
import { prepareFiles } from "../src/uploads/to-file";
import { jpegBytes, pngBytes, webpBytes } from "./helpers/images";

describe("toFile", () => {
  it.each([
    ["PNG", pngBytes(), "image/png", "image.png"],
    ["JPEG", jpegBytes(), "image/jpeg", "image.jpg"],
    ["WebP", webpBytes(), "image/webp", "image.webp"],
  ])("sniffs %s bytes and names the file", async (_, bytes, type, name) => {
    const file = await toFile(bytes);
    expect(file).toBeInstanceOf(File);
    expect([file.type, file.name, file.size]).toEqual([type, name, bytes.byteLength]);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(bytes);
  });

  it("keeps a given name and type", async () => {
    const file = await toFile(pngBytes(), "cat.png", { type: "image/png" });
    expect([file.name, file.type]).toEqual(["cat.png", "image/png"]);
  });

  it("accepts an ArrayBuffer, a Buffer, a view into a larger buffer, a Blob, a File, a stream and a Response", async () => {
    const png = pngBytes();
    const padded = new Uint8Array(new ArrayBuffer(png.byteLength + 10));
    padded.set(png, 5);
    const inputs = [
      png.buffer.slice(png.byteOffset, png.byteOffset + png.byteLength),
      Buffer.from(png),
      padded.subarray(5, 5 + png.byteLength),
      new Blob([png]),
      new File([png], "named.png"),
      new Response(png).body!,
      new Response(png),
    ];
    for (const input of inputs) {
      const file = await toFile(input as never);
      expect(new Uint8Array(await file.arrayBuffer())).toEqual(png);
      expect(file.type).toBe("image/png");
    }
    expect((await toFile(new File([png], "named.png"))).name).toBe("named.png");
  });

  it("refuses what is not a file", async () => {
    await expect(toFile(42 as never)).rejects.toThrow(TypeError);
    await expect(toFile({ name: "x" } as never)).rejects.toThrow(TypeError);
  });

  it("reads a string as a path and says when there is no such file", async () => {
    await expect(toFile("/no/such/image.png")).rejects.toMatchObject({
      name: "ValidationError",
      issues: [{ path: "file", message: 'cannot read "/no/such/image.png": no such file' }],
    });
  });
});

describe("prepareFiles (the checks before a request is sent)", () => {
  it("refuses a file that is not a JPEG, PNG or WebP, naming the field", async () => {
    const error = await prepareFiles([{ field: "image", path: "image", value: new TextEncoder().encode("GIF89a......") }], "v3.remix").catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toEqual([{ path: "image", message: expect.stringMatching(/must be a JPEG, PNG or WebP image/) }]);
  });

  it("types the part from the bytes, whatever type the Blob claims", async () => {
    const [prepared] = await prepareFiles([{ field: "image", path: "image", value: new Blob([jpegBytes()], { type: "application/octet-stream" }) }]);
    expect(prepared!.file.type).toBe("image/jpeg");
  });

  it("refuses an image over 25 MB and files over 50 MB a request", async () => {
    const big = new Uint8Array(MAX_FILE_BYTES + 1);
    big.set(pngBytes());
    const one = await prepareFiles([{ field: "image", path: "image", value: big }]).catch((e) => e);
    expect(one.issues).toEqual([{ path: "image", message: "is 26,214,401 bytes (25.0 MB), over the limit of 25 MB (26,214,400 bytes) per image" }]);

    const half = new Uint8Array(20 * 1024 * 1024);
    half.set(pngBytes());
    const many = await prepareFiles([0, 1, 2].map((index) => ({ field: "style_reference_images", path: `style_reference_images.${index}`, value: half }))).catch((e) => e);
    expect(many.issues).toEqual([{ path: "", message: "the files add up to 62,914,560 bytes (60.0 MB), over the limit of 50 MB (52,428,800 bytes) per request" }]);
  });
});
