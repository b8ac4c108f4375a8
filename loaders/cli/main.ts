// The `clas` command line: npm run --silent clas -- <command> [options]
import { parseArgs } from "node:util";
import { commands, type Effects } from "./commands.js";
import { parserOptions, refusedChoice } from "./commands/common.js";
import { commandHelp, usage } from "./help.js";
import { terminalProgress } from "./progress.js";

export const defaultEffects: Effects = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  now: () => new Date(),
};

/** The list of commands, as `clas` and `clas --help` print it. */
export const USAGE = usage(commands);

/** The argument parser's English, in French. */
export function usageError(error: Error & { code?: string }): string {
  const option = /'(-[^' ]*)/.exec(error.message)?.[1] ?? "";
  switch (error.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `option inconnue : ${option}`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      return /does not take/.test(error.message)
        ? `l'option ${option} ne prend pas de valeur`
        : `l'option ${option} attend une valeur (ex. ${option} VALEUR)`;
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return `argument inattendu : ${/'([^']*)'/.exec(error.message)?.[1] ?? ""}`;
    default:
      return "arguments invalides";
  }
}

export async function run(argv: string[], effects: Effects = defaultEffects): Promise<number> {
  const [name, ...rest] = argv;
  // « clas », « clas --help », « clas help » and « clas help ingest »
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    const topic = name === "help" && rest[0] ? commands[rest[0]] : undefined;
    effects.stdout(topic ? commandHelp(rest[0]!, topic) : USAGE);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    effects.stderr(`commande inconnue : ${name}\n\n${USAGE}`);
    return 2;
  }
  // before the options are read: « clas build --help » is never an unknown option
  if (rest.includes("--help") || rest.includes("-h")) {
    effects.stdout(commandHelp(name, command));
    return 0;
  }
  let args;
  try {
    args = parseArgs({
      args: rest,
      options: parserOptions(command),
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    effects.stderr(
      `${name} : ${usageError(error as Error & { code?: string })}\n\n${commandHelp(name, command)}`,
    );
    return 2;
  }
  const values = args.values as Record<string, string | string[] | boolean | undefined>;
  const refused = refusedChoice(command, values);
  if (refused) {
    effects.stderr(`${name} : ${refused}\n\n${commandHelp(name, command)}`);
    return 2;
  }
  return command.run(values, args.positionals, effects);
}

/** The process's entry: `npx clas …` (bin/clas.js) and `npm run clas -- …`. */
export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  // a reader that stops early (`clas indicators | head`) is not an error
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") process.exit(0);
      throw error;
    });
  }
  process.exitCode = await run(argv, {
    ...defaultEffects,
    progress: terminalProgress(process.stderr),
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
