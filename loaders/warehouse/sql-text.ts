// Text and names put into SQL, quoted in one place: a string literal, an identifier.

/** `'it''s'`: a string literal. */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** `"my ""db"""`: an identifier (a table, a database named after its file). */
export function sqlIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
