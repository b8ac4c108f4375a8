// Département outlines for the base of the map of places (about 1 km precision),
// packed as whole-number differences (src/lib/outlines.ts decodes them).
import { departementsGeo } from "../../loaders/publish/site-data.js";
import { encodeOutlines } from "../lib/outlines.js";

const geo = await departementsGeo(2);
process.stdout.write(JSON.stringify(encodeOutlines(geo.features as never, 100)));
