#!/usr/bin/env node
// `npx clas COMMAND …`: the command line (loaders/cli/main.ts), bundled and run by loaders/cli/launch.mjs.
import { run } from "../loaders/cli/launch.mjs";

await run();
