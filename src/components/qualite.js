// The data-quality page's tables of problems: counted by département, column and
// reason, and the rejected rows themselves with every problem of each.
import { DataTable } from "./table.js";

/** Problems (`{ departement, colonne, motif }`) counted by département, column and reason, most first. */
export function byMotif(problemes) {
  const counts = new Map();
  for (const p of problemes) {
    const key = `${p.departement ?? "?"}|${p.colonne}|${p.motif}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .map(([k, n]) => {
      const [dep, colonne, motif] = k.split("|");
      return { dep, colonne, motif, n };
    })
    .sort((a, b) => b.n - a.n);
}

/** The table of `problemes` by département and reason; `count` names the counted column. */
export function MotifTable(problemes, { lien, count, caption }) {
  return DataTable(
    byMotif(problemes),
    [
      { label: "Département", value: (r) => lien(r.dep) },
      { label: "Colonne", value: (r) => r.colonne },
      { label: "Motif", value: (r) => r.motif },
      { label: count, value: (r) => r.n, numeric: true },
    ],
    { caption },
  );
}

/** The first `max` rejected rows, each with its file, line, key, porteur and problems. */
export function RejectedRows(rejets, max = 500) {
  const details = (r) =>
    r.problemes.map((p) => `${p.colonne} « ${p.valeur} » : ${p.message}`).join(" ; ");
  return DataTable(
    rejets.slice(0, max),
    [
      { label: "Fichier, ligne", value: (r) => `${r.fichier}, ligne ${r.ligne}` },
      { label: "Table", value: (r) => r.table_export },
      { label: "Clé", value: (r) => r.cle ?? "—" },
      { label: "Porteur", value: (r) => r.porteur ?? "—" },
      { label: "Problèmes", value: details },
    ],
    {
      caption:
        rejets.length > max
          ? `Les ${max} premières lignes rejetées sur ${rejets.length}`
          : "Lignes rejetées",
    },
  );
}
