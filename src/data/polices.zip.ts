// The map's font, from an npm package (@fontsource/noto-sans, SIL Open Font
// License): the Latin subset, regular and bold, and Latin Extended regular,
// which the map fetches only for a name that needs it. MapLibre draws its
// labels with them in the browser: no glyph server.
import JSZip from "jszip";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const zip = new JSZip();
for (const file of [
  "noto-sans-latin-400-normal.woff2",
  "noto-sans-latin-700-normal.woff2",
  "noto-sans-latin-ext-400-normal.woff2",
])
  zip.file(file, readFileSync(require.resolve(`@fontsource/noto-sans/files/${file}`)));
process.stdout.write(await zip.generateAsync({ type: "uint8array" }));
