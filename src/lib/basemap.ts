// What the map's own basemap and its page agree on.

/** Towns from this population are named from the national view on; smaller communes once zoomed in. */
export const TOWN_POPULATION = 10_000;

/** From this zoom, every commune is named (fetched by département); below it, the towns only. */
export const COMMUNES_ZOOM = 9.5;
