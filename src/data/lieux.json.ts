// The places of the map, what it draws for each (loaders/publish/places.ts);
// what a parent reads of them is in `lieux/<cle>/<département>.json`.
import { placesPublication } from "../../loaders/publish/places.js";

process.stdout.write(JSON.stringify((await placesPublication()).map));
