// Read queries of the CLI on the warehouse (the indicators' SQL is in indicators/sql.ts).

export const CAMPAGNES = `
SELECT campagne FROM actions UNION SELECT campagne FROM rejets WHERE campagne IS NOT NULL ORDER BY campagne`;

/** The actions with an identifier, newest campagne first; `$campagne`, `$departement` may be NULL. */
export const ACTIONS_BY_ID = `
SELECT a.*, r.* EXCLUDE (campagne, departement, id_action, rural)
FROM actions a
JOIN regles_actions r ON r.campagne = a.campagne AND r.departement = a.departement AND r.id_action = a.id_action
WHERE a.id_action = $id
  AND ($campagne IS NULL OR a.campagne = $campagne)
  AND ($departement IS NULL OR a.departement = $departement)
ORDER BY a.campagne DESC, a.departement`;

export const COLLECTIFS_OF_ACTION = `
SELECT c.*, r.* EXCLUDE (campagne, departement, id_action, id_collectif)
FROM collectifs c
JOIN regles_collectifs r ON r.campagne = c.campagne AND r.departement = c.departement
  AND r.id_action = c.id_action AND r.id_collectif = c.id_collectif
WHERE c.campagne = $campagne AND c.departement = $departement AND c.id_action = $id
ORDER BY c.id_collectif`;

export const SEUILS_OF_SLICE = `
SELECT * FROM seuils WHERE campagne = $campagne AND departement = $departement`;

/** Addresses of places that may be geocoded (never a family's home), with the export's coordinates. */
export const GEOCODE_CANDIDATES = `
SELECT DISTINCT adresse, code_insee, latitude, longitude FROM collectifs
WHERE adresse IS NOT NULL AND lieu_type <> 'Domicile des familles'`;

export const GEOCODED_KEYS = `SELECT cle FROM geocodage`;
