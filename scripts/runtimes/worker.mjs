// workerd: a module worker (no nodejs_compat) whose fetch handler runs the smoke program. Bundled with esbuild as
// wrangler does. GET /?base=<capture server URL> answers the smoke result as JSON.
import { Ideogram } from "ideogram-sdk";
import { runSmoke } from "./smoke.mjs";

export default {
  async fetch(request) {
    const base = new URL(request.url).searchParams.get("base");
    if (!base) return new Response("missing ?base=", { status: 400 });
    const result = await runSmoke(Ideogram, base);
    return Response.json({ ...result, module: "esm-bundle" });
  },
};
