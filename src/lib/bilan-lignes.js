// The rows a département's bilan reads for a campagne: its own, its région's,
// France's, its own the campagne before, and its rank among the départements.
import { rank } from "./rang.js";
import { summary } from "./resume.js";

/** `data`: data/indicateurs.json; `campagnes`: those the département has, in order. */
export function bilanRows(data, dep, campagnes, campagne) {
  const of = (rows, campagne, code) =>
    rows.find((r) => r.campagne === campagne && r.departement === code);
  const ligne = of(data.parDepartement, campagne, dep.code);
  const pairs = data.parDepartement.filter(
    (r) => r.campagne === campagne && r.departement !== "FR",
  );
  return {
    ligne,
    france: of(data.parDepartement, campagne, "FR"),
    ligneRegion: of(data.parRegion, campagne, dep.region),
    lignePrecedente: of(data.parDepartement, campagnes[campagnes.indexOf(campagne) - 1], dep.code),
    /** The département's rank on an indicator, among those whose value is published. */
    rang: (key) =>
      rank(
        pairs.map((r) => r[key]),
        ligne?.[key],
      ),
  };
}

/**
 * The bilan's sentences (lib/resume.ts `summary`) for `rows` (bilanRows), or why there are
 * none; a région of one département is not compared with itself.
 */
export function bilanSentences(data, dep, region, campagne, rows) {
  const { ligne, france, ligneRegion, lignePrecedente } = rows;
  if (!ligne) return [`Aucune donnée pour ce département${campagne ? ` en ${campagne}` : ""}.`];
  const alone = data.departements.filter((d) => d.region === region?.code).length <= 1;
  return summary({
    campagne,
    code: dep.code,
    nom: dep.nom,
    row: ligne,
    before: lignePrecedente,
    region: region && !alone ? { nom: region.nom, row: ligneRegion } : undefined,
    france,
  });
}
