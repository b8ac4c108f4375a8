// Indicators per département, région and France, every campagne.
import { indicatorsData } from "../../loaders/publish/site-data.js";

process.stdout.write(JSON.stringify(await indicatorsData()));
