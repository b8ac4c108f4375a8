// The committee's own words: Markdown only (raw HTML shown as text), links to
// http(s) only, images from the same folder only, public only when it says so.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { committeeTexts, renderCommitteeText } from "../loaders/publish/bilans.js";
import { tempDir } from "./helpers/warehouse.js";

describe("a committee's text", () => {
  it("is Markdown: raw HTML shows as text, headings sit under the page's", () => {
    const { html } = renderCommitteeText(
      "## Temps forts\n\nDu **gras**. <script>alert(1)</script> <img src=x onerror=alert(2)>",
      tempDir(),
    );
    expect(html).toContain("<h3>Temps forts</h3>");
    expect(html).toContain("<strong>gras</strong>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&lt;img src=x onerror=alert(2)&gt;");
    expect(html).not.toMatch(/<script|<img/);
  });

  it("headings keep their order of depth from h3, none skipped (the page holds h1 and h2)", () => {
    const { html } = renderCommitteeText(
      "# Bilan\n\n#### Détail\n\n## Perspectives\n\n#### Suite",
      tempDir(),
    );
    expect(html.match(/<h\d>[^<]*/g)).toEqual([
      "<h3>Bilan",
      "<h4>Détail",
      "<h4>Perspectives",
      "<h5>Suite",
    ]);
  });

  it("links go to http(s) addresses only: a javascript: link is no link", () => {
    const { html } = renderCommitteeText(
      "[site](https://www.exemple.fr/) [piège](javascript:alert(1)) [fichier](cr.pdf) [data](data:text/html,x)",
      tempDir(),
    );
    expect(html).toContain('<a href="https://www.exemple.fr/" rel="noopener noreferrer">site</a>');
    expect(html).not.toMatch(/href="(javascript|data):/);
    expect(html).toContain("[piège](javascript:alert(1))");
    expect(html).toContain("<span>fichier</span>");
    expect((html.match(/<a /g) ?? []).length).toBe(1);
  });

  it("an image of the same folder is embedded; any other is left out, and said", () => {
    const dir = tempDir();
    // a PNG's signature: an image is known by its content
    writeFileSync(
      path.join(dir, "photo.png"),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
    const shown = renderCommitteeText("![Atelier](photo.png)", dir);
    expect(shown.html).toContain('<img src="data:image/png;base64,iVBORw0KGgo=" alt="Atelier">');
    const other = renderCommitteeText(
      "![x](../secret.png) ![y](https://ailleurs.fr/y.png) ![z](absente.jpg)",
      dir,
    );
    expect(other.html).not.toContain("<img");
    // a path out of the folder is no image at all; the two others are said to be left out
    expect(other.html).toContain("![x](../secret.png)");
    expect(other.notes).toEqual([
      "image « https://ailleurs.fr/y.png » ignorée : une image PNG, JPEG, WebP ou GIF du même dossier est attendue",
      "image « absente.jpg » ignorée : une image PNG, JPEG, WebP ou GIF du même dossier est attendue",
    ]);
  });

  it("the front matter decides whether the public build shows it (internal by default)", () => {
    const dir = tempDir();
    const folder = path.join(dir, "2024-2025");
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, "59.md"), "---\npublic: oui\n---\n\nPublic.");
    writeFileSync(path.join(folder, "23.md"), "Interne.");
    writeFileSync(path.join(folder, "62.md"), "---\npublic: non\n---\n\nInterne aussi.");
    writeFileSync(path.join(folder, "FR.md"), "\ufeff---\npublic: Oui\n---\nNational.");
    const internal = committeeTexts({ audience: "interne", departements: [], threshold: 10 }, dir);
    expect(Object.keys(internal["2024-2025"]!).sort()).toEqual(["23", "59", "62", "FR"]);
    const published = committeeTexts({ audience: "public", departements: [], threshold: 10 }, dir);
    expect(Object.keys(published["2024-2025"]!).sort()).toEqual(["59", "FR"]);
    expect(published["2024-2025"]!["59"]!.html).toBe("<p>Public.</p>\n");
    // a build limited to some départements has their texts only
    const limited = committeeTexts(
      { audience: "interne", departements: ["23"], threshold: 10 },
      dir,
    );
    expect(Object.keys(limited["2024-2025"]!)).toEqual(["23"]);
  });
});
