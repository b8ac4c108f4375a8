// The labels of the map's basemap (départements and towns), and the keys of
// the gazetteer's files, so that the search asks for none that is not there.
import { basemapLabels } from "../../loaders/publish/basemap.js";
import { gazetteerKeys } from "../../loaders/site/gazetteer-files.js";

process.stdout.write(
  JSON.stringify({ ...(await basemapLabels()), fichiers: await gazetteerKeys() }),
);
