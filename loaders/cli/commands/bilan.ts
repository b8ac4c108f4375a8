// clas indicators, clas explain and clas rules: reading the bilan from the warehouse.
import { explanationText } from "../../explain.js";
import { readDepartements } from "../../geo/load.js";
import { computeIndicators } from "../../indicators/compute.js";
import { indicatorsCsv, indicatorsJson } from "../../indicators/format.js";
import { loadReferentiel } from "../../configuration.js";
import { DEFAULT_DB, openWarehouse, WarehouseError, type Warehouse } from "../../warehouse/db.js";
import { readExplanations } from "../../warehouse/explanations.js";
import { CAMPAGNES } from "../../warehouse/queries.js";
import { nodeEngine } from "../../warehouse/node-engine.js";
import { reevaluateAll } from "../../warehouse/rules.js";
import { DB_OPTION, guarded, type Command } from "./common.js";

/** The warehouse, read-only unless `write` (indicators and explanations read it beside others). */
async function withWarehouse<T>(
  db: string,
  body: (w: Warehouse) => Promise<T>,
  write = false,
): Promise<T> {
  const warehouse = await openWarehouse(db, { create: false, readOnly: !write });
  try {
    return await body(warehouse);
  } finally {
    warehouse.close();
  }
}

async function checkCampagne(w: Warehouse, campagne: string | undefined): Promise<string | null> {
  if (campagne === undefined) return null;
  const known = (await w.connection.runAndReadAll(CAMPAGNES))
    .getRowObjectsJson()
    .map((r) => String(r.campagne));
  if (!known.includes(campagne)) {
    throw new WarehouseError(
      `campagne ${campagne} absente de la base${known.length ? ` (campagnes présentes : ${known.join(", ")})` : " (base vide)"}`,
    );
  }
  return campagne;
}

export const indicatorsCommand: Command = {
  summary: "les indicateurs du bilan par campagne et département (spec/indicators.md)",
  options: {
    db: DB_OPTION,
    campagne: { value: "AAAA-AAAA", help: "une seule campagne (toutes par défaut)" },
    format: { choices: ["json", "csv"], default: "json", help: "json (par défaut) ou csv" },
  },
  run: (values, _positionals, effects) =>
    guarded(effects, async () => {
      const format = values.format as string;
      const departements = await readDepartements();
      const rows = await withWarehouse((values.db as string) ?? DEFAULT_DB, async (w) =>
        computeIndicators(
          nodeEngine(w.connection),
          departements,
          await checkCampagne(w, values.campagne as string | undefined),
        ),
      );
      effects.stdout(format === "json" ? indicatorsJson(rows) + "\n" : indicatorsCsv(rows));
      return 0;
    }),
};

export const explainCommand: Command = {
  summary: "pourquoi une action est, ou n'est pas, conforme au référentiel, règle par règle",
  options: {
    db: DB_OPTION,
    campagne: {
      value: "AAAA-AAAA",
      help: "la campagne de l'action (par défaut, la plus récente qui a ce N° dossier)",
    },
    departement: {
      value: "CODE",
      help: "le département de l'action (par défaut, tous ceux où ce N° dossier existe)",
    },
    format: { choices: ["text", "json"], default: "text", help: "text (par défaut) ou json" },
  },
  arguments: "N°_DOSSIER",
  run: (values, positionals, effects) =>
    guarded(effects, async () => {
      const format = values.format as string;
      if (positionals.length !== 1) {
        effects.stderr("explain : un N° dossier attendu (ex. clas explain A-78-001)\n");
        return 2;
      }
      const id = positionals[0]!;
      const departements = new Map((await readDepartements()).map((d) => [d.code, d.nom]));
      const explanations = await withWarehouse((values.db as string) ?? DEFAULT_DB, async (w) => {
        const campagne = await checkCampagne(w, values.campagne as string | undefined);
        const actions = await readExplanations(nodeEngine(w.connection), {
          id,
          campagne,
          departement: (values.departement as string | undefined) ?? null,
        });
        // without --campagne, the newest campagne that has this N° dossier
        return actions.filter((a) => a.campagne === actions[0]?.campagne);
      });
      if (explanations.length === 0) {
        effects.stderr(
          `explain : aucune action retenue avec le N° dossier ${id}${values.campagne ? ` en ${values.campagne}` : ""} (une action rejetée n'a pas de résultat : voir « clas check »)\n`,
        );
        return 1;
      }
      effects.stdout(
        format === "json"
          ? JSON.stringify(explanations) + "\n"
          : explanations.map((e) => explanationText(e, departements.get(e.departement))).join("\n"),
      );
      return 0;
    }),
};

export const rulesCommand: Command = {
  summary:
    "réévalue les règles du référentiel sur toute la base (après un changement de config/referentiel.json)",
  options: { db: DB_OPTION },
  run: (values, _positionals, effects) =>
    guarded(effects, async () => {
      const referentiel = await loadReferentiel();
      const count = await withWarehouse(
        (values.db as string) ?? DEFAULT_DB,
        (w) => reevaluateAll(nodeEngine(w.connection), referentiel),
        true,
      );
      effects.stdout(
        `Règles du référentiel réévaluées sur ${count} tranche(s) (campagne, département)\n`,
      );
      return 0;
    }),
};
