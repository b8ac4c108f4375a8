// What Framework 1.13 cannot be told, fixed in every built page: the
// language, the header and footer, the sidebar's English and landmarks, and
// the title of a page whose heading is computed in the browser.
import { existsSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/** The header and footer of every page (loaders/site/chrome.ts). */
export interface Chrome {
  header: string;
  footer: string;
}

/** No favicon request. */
const FAVICON = '<link rel="icon" href="data:,">';

async function htmlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(".html"))
    .map((e) => path.join(e.parentPath, e.name));
}

/** Framework's own English, in French (in the pages and in its client script). */
const FRENCH: [RegExp, string][] = [
  [/Toggle sidebar /g, "Afficher ou masquer le menu, "],
  [/Toggle sidebar/g, "Afficher ou masquer le menu"],
  [/title="Copy code"/g, 'title="Copier le code"'],
];

/**
 * What Framework 1.13 cannot be told, fixed in every page: the language (every
 * page is in French), a viewport that allows zooming, the sidebar's close
 * control placed outside its list (a list holds only items), its English, the
 * landmarks' names, and the title of a page whose heading is computed (a
 * département's bilan). The sidebar's checkbox stays for the mouse; keyboards
 * and screen readers use the header's « Menu » button (loaders/site/chrome.ts).
 */
export function fixPage(
  html: string,
  lang = "fr",
  title?: string,
  chrome: Chrome = { header: "", footer: "" },
): string {
  let out = html.replace(/<html(?![^>]*\blang=)/, `<html lang="${lang}"`);
  out = out.replace(/(<meta name="viewport" content="[^"]*?), maximum-scale=1"/, '$1"');
  out = out.replace(/(<ol>)(\s*)(<label id="observablehq-sidebar-close"[^>]*><\/label>)/, "$3$2$1");
  for (const [english, french] of FRENCH) out = out.replace(english, french);
  out = out.replace(
    /<input id="observablehq-sidebar-toggle" type="checkbox"/,
    '<input id="observablehq-sidebar-toggle" type="checkbox" tabindex="-1" aria-hidden="true"',
  );
  out = out.replace(/(<label id="observablehq-sidebar-close")/, '$1 aria-hidden="true"');
  out = out.replace(
    /<nav id="observablehq-sidebar">/,
    '<nav id="observablehq-sidebar" aria-label="Pages du site">',
  );
  out = out.replace(
    /(<aside id="observablehq-toc"[^>]*>\s*)<nav>/,
    '$1<nav aria-label="Sur cette page">',
  );
  // the skip link first of all, before the sidebar
  out = out.replace(
    /<body>/,
    '<body>\n<a class="lien-evitement" href="#observablehq-main">Aller au contenu</a>',
  );
  // the header and footer every page has: here rather than in Framework's configuration,
  // where they cost three HTML parses a page (loaders/site/chrome.ts)
  out = out.replace("</head>", `${FAVICON}\n</head>`);
  if (chrome.header)
    out = out.replace(
      '<div id="observablehq-center">',
      `<div id="observablehq-center">\n<header id="observablehq-header">\n${chrome.header}\n</header>`,
    );
  if (chrome.footer)
    out = out.replace(
      /<\/main>\s*<\/div>\s*<\/body>/,
      `</main>\n<footer id="observablehq-footer">\n<div>${chrome.footer}</div>\n</footer>\n</div>\n</body>`,
    );
  if (title !== undefined) {
    const text = title.replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`);
    out = out.replace(/<title>[^<]*<\/title>/, `<title>${text}</title>`);
  }
  return out;
}

/** Framework's client script, in French too. */
export function fixScript(js: string): string {
  let out = js;
  for (const [english, french] of FRENCH) out = out.replace(english, french);
  return out;
}

/** Each page's title, when its heading is computed in the browser: the départements' bilans. */
function pageTitle(file: string, dir: string, names: Map<string, string>): string | undefined {
  const m = /^departement\/([^/]+)\.html$/.exec(path.relative(dir, file).split(path.sep).join("/"));
  const nom = m ? names.get(m[1]!) : undefined;
  return nom ? `${nom} (${m![1]}) : bilan annuel des Clas | Clas Bilan` : undefined;
}

export async function fixPages(
  dir: string,
  departements: { code: string; nom: string }[],
  chrome: Chrome,
): Promise<void> {
  const names = new Map(departements.map((d) => [d.code, d.nom]));
  for (const file of await htmlFiles(dir)) {
    // the header's and footer's links from the site's root, relative to each page:
    // the site works wherever it is served
    const depth = path.relative(dir, file).split(path.sep).length - 1;
    const root = depth === 0 ? "./" : "../".repeat(depth);
    const relative = (html: string) => html.replace(/href="\/(?!\/)/g, `href="${root}`);
    const own = { header: relative(chrome.header), footer: relative(chrome.footer) };
    await writeFile(
      file,
      fixPage(await readFile(file, "utf8"), "fr", pageTitle(file, dir, names), own),
    );
  }
  const client = path.join(dir, "_observablehq");
  for (const name of existsSync(client) ? await readdir(client) : []) {
    if (!name.endsWith(".js")) continue;
    const file = path.join(client, name);
    const js = await readFile(file, "utf8");
    if (js.includes("Toggle sidebar")) await writeFile(file, fixScript(js));
  }
}
