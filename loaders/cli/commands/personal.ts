// clas purge-personal --before AAAA-AAAA: a département's retention period applied.
import { parseCampagne } from "../../export/values.js";
import { copyDatabase, purgePersonal, swapDatabase } from "../../warehouse/purge.js";
import { DEFAULT_DB, openWarehouse } from "../../warehouse/db.js";
import { describeLeftovers, removeLeftovers, tempRoot } from "../../ingest/workdir.js";
import { DB_OPTION, guarded, type Command } from "./common.js";

export const purgePersonalCommand: Command = {
  summary:
    "efface les données personnelles (coordinateurs) des campagnes antérieures : durée de conservation",
  options: {
    db: DB_OPTION,
    before: {
      value: "AAAA-AAAA",
      required: true,
      help: "la première campagne gardée : les données personnelles des campagnes antérieures sont effacées",
    },
  },
  run: (values, _positionals, effects) =>
    guarded(effects, async () => {
      const raw = values.before as string | undefined;
      const before = raw === undefined ? null : parseCampagne(raw);
      if (before === null || "error" in before) {
        effects.stderr(
          `purge-personal : --before AAAA-AAAA attendu (ex. --before 2023-2024 efface les données personnelles des campagnes antérieures à 2023-2024)${raw === undefined ? "" : `, pas « ${raw} »`}\n`,
        );
        return 2;
      }
      const db = (values.db as string) ?? DEFAULT_DB;
      const warehouse = await openWarehouse(db, { create: false });
      // copies of exports a killed ingest left beside the database hold personal data too
      effects.stderr(describeLeftovers(removeLeftovers(tempRoot(db), true)));
      const copy = `${db}.purge`;
      let count;
      try {
        count = await purgePersonal(warehouse.connection, before.value);
        await copyDatabase(warehouse.connection, copy);
      } finally {
        warehouse.close();
      }
      swapDatabase(copy, db);
      effects.stdout(
        `Données personnelles des campagnes antérieures à ${before.value} effacées : ${count.cellules} cellule(s) (nom du coordinateur, courriel, téléphone) sur ${count.lignes} ligne(s)${count.sans_campagne > 0 ? `, dont ${count.sans_campagne} ligne(s) rejetée(s) sans campagne lisible` : ""}. Base ${db} réécrite : les valeurs effacées n'y sont plus.\n`,
      );
      return 0;
    }),
};
