#!/usr/bin/env node
// seedscope is written in TypeScript and runs through tsx, so no build step is needed after `npm install`.
import { register } from "tsx/esm/api";

register();
await import("../src/main.ts");
