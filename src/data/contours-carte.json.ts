// Département outlines for the base of the map of places (about 1 km precision).
import { departementsGeo } from "../../loaders/publish/site-data.js";

process.stdout.write(JSON.stringify(await departementsGeo(2)));
