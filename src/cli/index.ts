#!/usr/bin/env node
/** The `ideogram` command (the package's bin). Everything lives in ./main; this file only runs it. */
import { main } from "./main";

// No top-level await: tsup also emits a CommonJS build of this entry.
void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
