// Rejected rows, warnings and milieu rural disagreements (internal audience).
import { qualityData } from "../../loaders/publish/site-data.js";

process.stdout.write(JSON.stringify(await qualityData()));
