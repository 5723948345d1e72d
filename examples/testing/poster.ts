/** Stands for your own code: a function that uses the SDK. The example tests below test it. */
import { downloadImages, type Ideogram } from "ideogram-sdk";

/** Makes a 3x4 poster and returns the PNG; a poster withheld by the safety check is an error. */
export async function makePoster(client: Ideogram, title: string): Promise<{ png: Blob; seed: number }> {
  const response = await client.v3.generate({ prompt: `A poster titled "${title}"`, aspect_ratio: "3x4", rendering_speed: "TURBO" });
  const [png] = await downloadImages(response); // the API's links are temporary: keep the bytes
  if (!png) throw new Error("The poster was withheld by the safety check.");
  return { png, seed: response.data[0]!.seed };
}
