#!/usr/bin/env node
// `npx clas COMMAND …`: the command line (loaders/cli/main.ts), its TypeScript run by tsx.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../loaders/cli/main.ts");
await main();
