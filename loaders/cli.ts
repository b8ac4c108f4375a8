// The `clas` command line: npm run --silent clas -- <command> [options]
import { parseArgs } from "node:util";
import { commands, type Effects } from "./commands.js";

export const defaultEffects: Effects = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  now: () => new Date(),
};

const USAGE = `Usage : npm run --silent clas -- <commande> [options]

  ingest [--db FICHIER] [--mapping FICHIER] FICHIER...   importe un export (les deux tables) dans la base
  check [--format text|json] [--mapping FICHIER] FICHIER...   vérifie un export sans rien écrire
  indicators [--db FICHIER] [--campagne AAAA-AAAA] --format json|csv   les indicateurs du bilan
  explain [--db FICHIER] [--campagne AAAA-AAAA] [--departement CODE] [--format text|json] N°_DOSSIER
                        pourquoi une action est, ou n'est pas, conforme au référentiel
  rules [--db FICHIER]  réévalue les règles (après un changement de config/referentiel.json)
  purge-personal [--db FICHIER] --before AAAA-AAAA
                        efface les données personnelles des campagnes antérieures (durée de conservation)
  build [--db FICHIER] [--out DOSSIER] [--audience interne|public] [--departement CODE]...
        [--bilans DOSSIER] [--pdf]
                        construit le site statique (dist/ par défaut) avec les textes des comités
                        (data/bilans/ par défaut) ; --pdf imprime les bilans de la dernière campagne en PDF
  sample [--campagnes N] [--scale X] [--seed S] --out DOSSIER   écrit un échantillon national réaliste
  main [--db FICHIER] [--exports DOSSIER] [--out DOSSIER] [--port N] [--no-site] [--no-serve]
                        importe data/exports/ (ou l'échantillon national), construit le site et le sert sur 127.0.0.1
`;

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
  const command = name ? commands[name] : undefined;
  if (!command) {
    effects.stderr(
      name && name !== "help" && name !== "--help"
        ? `commande inconnue : ${name}\n\n${USAGE}`
        : USAGE,
    );
    return name && name !== "help" && name !== "--help" ? 2 : 0;
  }
  let args;
  try {
    args = parseArgs({
      args: rest,
      options: command.options,
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    effects.stderr(`${name} : ${usageError(error as Error & { code?: string })}\n\n${USAGE}`);
    return 2;
  }
  return command.run(
    args.values as Record<string, string | string[] | boolean | undefined>,
    args.positionals,
    effects,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // a reader that stops early (`clas indicators | head`) is not an error
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") process.exit(0);
      throw error;
    });
  }
  process.exitCode = await run(process.argv.slice(2));
}
