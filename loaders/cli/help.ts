// What `clas --help` and `clas COMMAND --help` print: every command, and every
// option of a command with what it does, from the commands' own descriptions.
import type { Command, Option } from "./commands/common.js";

const INDENT = 28;

/** A two-column line: the term, then its description (under it when the term is long). */
function row(term: string, text: string): string {
  const lead = `  ${term}`;
  return lead.length + 2 > INDENT
    ? `${lead}\n${" ".repeat(INDENT)}${text}\n`
    : `${lead.padEnd(INDENT)}${text}\n`;
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

/** An option as typed: `--db FICHIER`, `--format json|csv`, `--pdf`. */
function term(name: string, o: Option): string {
  const value = o.choices ? o.choices.join("|") : o.value;
  return value ? `--${name} ${value}` : `--${name}`;
}

/** What follows `clas <command>` on its usage line, from its options. */
export function usageLine(command: Command): string {
  const options = Object.entries(command.options).map(([name, o]) => {
    const shown = o.required ? term(name, o) : `[${term(name, o)}]`;
    return o.multiple ? `${shown}...` : shown;
  });
  return [...options, ...(command.arguments ? [command.arguments] : [])].join(" ");
}

export function commandHelp(name: string, command: Command): string {
  return `Usage : clas ${name} ${usageLine(command)}

${command.summary[0]!.toUpperCase()}${command.summary.slice(1)}.

Options :
${Object.entries(command.options)
  .map(([option, o]) => row(term(option, o), o.help))
  .join("")}${row("--help", "affiche cette aide")}`;
}
