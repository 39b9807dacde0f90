#!/usr/bin/env node
// seedscope is written in TypeScript and runs through tsx, so no build step is needed after `npm install`.
// Until a command installs its own signal handling, SIGINT/SIGTERM/SIGHUP keep their default action: while
// the program loads it holds nothing, and a JavaScript handler could not run before loading ends anyway.
import { register } from "tsx/esm/api";

register();
await import("../src/main.ts");
