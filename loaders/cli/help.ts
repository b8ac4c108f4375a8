// What `clas --help` and `clas COMMAND --help` print: every command, and every
// option of a command with what it does, from the commands' own descriptions.
import type { Command } from "./commands/common.js";

const INDENT = 28;

/** A two-column line: the term, then its description (under it when the term is long). */
function row(term: string, text: string): string {
  const lead = `  ${term}`;
  return lead.length + 2 > INDENT
    ? `${lead}\n${" ".repeat(INDENT)}${text}\n`
    : `${lead.padEnd(INDENT)}${text}\n`;
}

/** The option a help entry describes: `--db FICHIER` → `db`. */
export function optionOf(term: string): string {
  return term.replace(/^--/, "").split(" ")[0]!;
}

export function usage(commands: Record<string, Command>): string {
  return `Usage : clas <commande> [options]   (ou : npm run --silent clas -- <commande> [options])

Commandes :
${Object.entries(commands)
  .map(([name, c]) => row(name, c.summary))
  .join("")}
« clas <commande> --help » détaille les options d'une commande.
`;
}

export function commandHelp(name: string, command: Command): string {
  return `Usage : clas ${name} ${command.usage}

${command.summary[0]!.toUpperCase()}${command.summary.slice(1)}.

Options :
${Object.entries(command.help)
  .map(([term, text]) => row(term, text))
  .join("")}${row("--help", "affiche cette aide")}`;
}
