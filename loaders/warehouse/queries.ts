// Read queries of the CLI on the warehouse (the indicators' SQL is in indicators/sql.ts).

/** The campagnes any table holds: a campagne of an agreed list, visits or practices alone is a campagne. */
export const CAMPAGNES = `
SELECT campagne FROM actions UNION SELECT campagne FROM agrements
UNION SELECT campagne FROM visites UNION SELECT campagne FROM pratiques
UNION SELECT campagne FROM rejets WHERE campagne IS NOT NULL ORDER BY campagne`;

/** Addresses of places that may be geocoded (never a family's home), with the export's coordinates. */
export const GEOCODE_CANDIDATES = `
SELECT DISTINCT adresse, code_insee, latitude, longitude FROM collectifs
WHERE adresse IS NOT NULL AND lieu_type <> 'Domicile des familles'`;

export const GEOCODED_KEYS = `SELECT cle FROM geocodage`;
