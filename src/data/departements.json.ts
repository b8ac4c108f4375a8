// Département outlines for the choropleth, from the reference geodata.
import { departementsGeo } from "../../loaders/publish/site-data.js";

process.stdout.write(JSON.stringify(await departementsGeo()));
