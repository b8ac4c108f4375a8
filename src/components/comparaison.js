// A département's indicators beside its région's and France's, with its rank
// among the départements (src/lib/rang.ts), each indicator leading to its definition.
import { formatRank } from "../lib/rang.js";
import { DefinitionLink } from "./liens.js";
import { ValuesTable } from "./table.js";

/**
 * `departement`, `region`, `france`: each `{ nom, row }`; `rang(key)` the département's
 * rank on an indicator; `code` and `campagne` name the CSV.
 */
export function ComparisonTable(
  indicateurs,
  { departement, region, france, rang, code, campagne },
) {
  const value = (zone) => ({
    label: zone.nom,
    value: (m) => zone.row?.[m.key],
    kind: (m) => m.kind,
  });
  return ValuesTable(
    indicateurs,
    [
      { label: "Indicateur", value: (m) => m.label, show: (m) => DefinitionLink(m.key, m.label) },
      value(departement),
      { label: "Rang", value: (m) => formatRank(rang(m.key)), numeric: true, only: "ecran" },
      { label: "Rang", value: (m) => rang(m.key)?.rang, only: "csv" },
      { label: "Sur", value: (m) => rang(m.key)?.sur, only: "csv" },
      value(region),
      value(france),
    ],
    {
      caption: `Indicateurs de la campagne ${campagne}`,
      download: {
        filename: `clas-${code}-${campagne}.csv`,
        label: "Télécharger ces chiffres (CSV pour tableur)",
        secret: true,
      },
    },
  );
}
