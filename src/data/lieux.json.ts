// The places of the map and the communes one can search (never a family's home).
import { placesData } from "../../loaders/publish/site-data.js";

process.stdout.write(JSON.stringify(await placesData()));
