// edge-runtime (Vercel's Edge sandbox): a fetch-event script, bundled with esbuild to one IIFE as edge bundlers
// do. GET /?base=<capture server URL> answers the smoke result as JSON.
import { Ideogram } from "ideogram-sdk";
import { runSmoke } from "./smoke.mjs";

addEventListener("fetch", (event) => {
  event.respondWith(
    (async () => {
      const base = new URL(event.request.url).searchParams.get("base");
      if (!base) return new Response("missing ?base=", { status: 400 });
      const result = await runSmoke(Ideogram, base);
      return Response.json({ ...result, module: "iife-bundle" });
    })(),
  );
});
