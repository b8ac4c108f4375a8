// Each département's actions with their conformity, one JSON file per
// département (`actions/78.json`), so a page loads only its own (internal audience).
import JSZip from "jszip";
import { actionsByDepartement } from "../../loaders/publish/site-data.js";

const zip = new JSZip();
for (const [code, actions] of await actionsByDepartement())
  zip.file(`${code}.json`, JSON.stringify(actions));
process.stdout.write(await zip.generateAsync({ type: "uint8array", compression: "DEFLATE" }));
