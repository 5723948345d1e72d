/** Writes openapi.json from the schemas (`npm run build` runs it; a test checks the committed file is current). */
import { readFile, writeFile } from "node:fs/promises";
import { openAPIDocument } from "../src/openapi/document";

const root = new URL("../", import.meta.url);
const { version } = JSON.parse(await readFile(new URL("package.json", root), "utf8")) as { version: string };
await writeFile(new URL("openapi.json", root), `${JSON.stringify(openAPIDocument(version), null, 2)}\n`);
console.log("wrote openapi.json");
