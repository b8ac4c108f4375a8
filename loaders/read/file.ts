// What a file is by its first bytes, whatever its name says.

/** Magic numbers of what a file is, whatever its name says. */
export const MAGIC = {
  zip: [0x50, 0x4b, 0x03, 0x04],
  pdf: [0x25, 0x50, 0x44, 0x46],
  xls: [0xd0, 0xcf, 0x11, 0xe0],
};

export function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

/** Why a file that is not text nor a zip is refused, or null. */
export function notAnExport(bytes: Uint8Array): string | null {
  if (startsWith(bytes, MAGIC.pdf)) return "ce fichier est un PDF, pas un export CSV ou XLSX";
  if (startsWith(bytes, MAGIC.xls)) {
    return "classeur Excel 97-2003 (.xls) non pris en charge : l'enregistrer au format .xlsx ou CSV";
  }
  return null;
}
