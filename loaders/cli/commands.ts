// The CLI's commands; effects (output, clock) are passed in so tests run them silently.
import { explainCommand, indicatorsCommand, rulesCommand } from "./commands/bilan.js";
import type { Command } from "./commands/common.js";
import { checkCommand, ingestCommand } from "./commands/ingest.js";
import { purgePersonalCommand } from "./commands/personal.js";
import { buildCommand, mainCommand, sampleCommand } from "./commands/site.js";

export type { Command, Effects } from "./commands/common.js";
export { EXAMPLE_EXPORT, MAIN_SAMPLE, SAMPLE_DIR, USER_EXPORTS } from "./commands/site.js";

export const commands: Record<string, Command> = {
  sample: sampleCommand,
  build: buildCommand,
  indicators: indicatorsCommand,
  explain: explainCommand,
  rules: rulesCommand,
  ingest: ingestCommand,
  check: checkCommand,
  "purge-personal": purgePersonalCommand,
  main: mainCommand,
};
