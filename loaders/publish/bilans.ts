// The committee's own words in its bilan: a Markdown file per département
// and campagne, `data/bilans/<campagne>/<code>.md` (`FR.md` for the national
// bilan), rendered as Markdown only: raw HTML shows as text, links go to
// http(s) addresses only, images come from the same folder (embedded). A
// front-matter line decides whether the text goes into the public build
// (`public: oui`; internal only by default). Node only.
import MarkdownIt from "markdown-it";
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import type { Publication } from "./audience.js";

export const DEFAULT_BILANS = "data/bilans";

/** Images a text may show, and their largest size (they are embedded in the page). */
export const MAX_IMAGE = 1024 * 1024;

/** An image's type, from its first bytes (never from its name). */
export function imageType(bytes: Uint8Array): string | null {
  const starts = (...b: number[]) => b.every((x, i) => bytes[i] === x);
  const ascii = (at: number, text: string) =>
    [...text].every((c, i) => bytes[at + i] === c.charCodeAt(0));
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  if (starts(0xff, 0xd8, 0xff)) return "image/jpeg";
  if (ascii(0, "GIF87a") || ascii(0, "GIF89a")) return "image/gif";
  if (ascii(0, "RIFF") && ascii(8, "WEBP")) return "image/webp";
  return null;
}

const EXPECTED = "une image PNG, JPEG, WebP ou GIF du même dossier est attendue";

/**
 * An image of the texts' folder: a regular file whose real path lies in the
 * folder (a symbolic link out of it is refused), of at most MAX_IMAGE bytes,
 * whose content is an image.
 */
export function readImage(
  folder: string,
  src: string,
): { type: string; bytes: Uint8Array } | { refused: string } {
  if (!/^[\w.-]+$/.test(src) || !/\.(png|jpe?g|webp|gif)$/i.test(src)) return { refused: EXPECTED };
  let real: string;
  try {
    real = realpathSync(path.join(folder, src));
  } catch {
    return { refused: EXPECTED };
  }
  const inside = path.relative(realpathSync(folder), real);
  if (inside.startsWith("..") || path.isAbsolute(inside))
    return { refused: "le fichier est un lien vers un autre dossier ; " + EXPECTED };
  const stat = statSync(real);
  if (!stat.isFile()) return { refused: EXPECTED };
  if (stat.size > MAX_IMAGE) return { refused: `plus de ${MAX_IMAGE / 1024 / 1024} Mo` };
  const bytes = new Uint8Array(readFileSync(real));
  const type = imageType(bytes);
  if (!type) return { refused: "son contenu n'est pas une image ; " + EXPECTED };
  return { type, bytes };
}

export interface CommitteeText {
  /** The text as HTML, from Markdown only. */
  html: string;
  /** Whether the public build shows it. */
  public: boolean;
  /** What was left out, in French (an image too large, a link refused): said on the internal page. */
  notes: string[];
}

/** The front matter's `public:` line, and the text after it. */
export function frontMatter(text: string): { isPublic: boolean; body: string } {
  const m = /^\ufeff?---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (!m) return { isPublic: false, body: text.replace(/^\ufeff/, "") };
  const line = /^\s*public\s*:\s*(.+?)\s*$/im.exec(m[1]!);
  const value = (line?.[1] ?? "").toLowerCase().replace(/["']/g, "");
  return {
    isPublic: ["oui", "o", "vrai", "true", "yes", "1"].includes(value),
    body: text.slice(m[0].length),
  };
}

/** Renders a committee's Markdown; images are looked up in `folder`. */
export function renderCommitteeText(markdown: string, folder: string): CommitteeText {
  const notes: string[] = [];
  const { isPublic, body } = frontMatter(markdown);
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
  // links: http(s) only; images: a file of the same folder only
  md.validateLink = (url: string) =>
    /^https?:\/\//i.test(url.trim()) || /^[\w.-]+$/.test(url.trim());
  const image = md.renderer.rules.image!;
  md.renderer.rules.image = (tokens, idx, options, env, self) => {
    const token = tokens[idx]!;
    const src = token.attrGet("src") ?? "";
    const read = readImage(folder, src);
    if ("refused" in read) {
      notes.push(`image « ${src} » ignorée : ${read.refused}`);
      return md.utils.escapeHtml(`[image : ${token.content}]`);
    }
    token.attrSet("src", `data:${read.type};base64,${Buffer.from(read.bytes).toString("base64")}`);
    return image(tokens, idx, options, env, self);
  };
  const linkOpen = md.renderer.rules.link_open ?? ((t, i, o, _e, s) => s.renderToken(t, i, o));
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    const href = tokens[idx]!.attrGet("href") ?? "";
    if (!/^https?:\/\//i.test(href)) {
      // a link that is no http(s) address (a file name) is no link
      tokens[idx]!.attrs = [];
      tokens[idx]!.tag = "span";
      return "<span>";
    }
    tokens[idx]!.attrSet("rel", "noopener noreferrer");
    return linkOpen(tokens, idx, options, env, self);
  };
  const linkClose = md.renderer.rules.link_close ?? ((t, i, o, _e, s) => s.renderToken(t, i, o));
  md.renderer.rules.link_close = (tokens, idx, options, env, self) => {
    // the matching opening token: the nearest unclosed link_open before
    for (let i = idx - 1; i >= 0; i--) {
      const t = tokens[i]!;
      if (t.type === "link_open")
        return t.tag === "span" ? "</span>" : linkClose(tokens, idx, options, env, self);
    }
    return linkClose(tokens, idx, options, env, self);
  };
  // headings of the text sit under the page's « Le bilan du comité » (h2): each
  // becomes one level below the heading it falls under, from h3, so none is
  // skipped whether the secretary started at « # » or jumped from « ## » to « #### »
  const tokens = md.parse(body, {});
  const open: number[] = [];
  const levels = new Map<number, number>();
  tokens.forEach((t, idx) => {
    if (t.type !== "heading_open") return;
    const depth = Number(t.tag.slice(1));
    while (open.length > 0 && open.at(-1)! >= depth) open.pop();
    levels.set(idx, Math.min(6, 3 + open.length));
    open.push(depth);
  });
  md.renderer.rules.heading_open = (_t, idx) => `<h${levels.get(idx)}>`;
  // the closing token follows its opening one and the inline content
  md.renderer.rules.heading_close = (_t, idx) => `</h${levels.get(idx - 2)}>\n`;
  return { html: md.renderer.render(tokens, md.options, {}), public: isPublic, notes };
}

/**
 * Every committee text of the data folder, by campagne and code (`FR` for
 * France), rendered; the public build gets the public ones only.
 */
export function committeeTexts(
  publication: Publication,
  dir: string = path.resolve(DEFAULT_BILANS),
): Record<string, Record<string, CommitteeText>> {
  const out: Record<string, Record<string, CommitteeText>> = {};
  if (!existsSync(dir)) return out;
  for (const campagne of readdirSync(dir).sort()) {
    const folder = path.join(dir, campagne);
    if (!/^\d{4}-\d{4}$/.test(campagne) || !statSync(folder).isDirectory()) continue;
    for (const file of readdirSync(folder).sort()) {
      const m = /^(\d\d|2[AB]|97[1-6]|FR)\.md$/i.exec(file);
      if (!m) continue;
      const code = m[1]!.toUpperCase();
      if (publication.departements.length > 0 && !publication.departements.includes(code)) continue;
      const text = renderCommitteeText(readFileSync(path.join(folder, file), "utf8"), folder);
      if (publication.audience === "public" && !text.public) continue;
      (out[campagne] ??= {})[code] =
        publication.audience === "public" ? { ...text, notes: [] } : text;
    }
  }
  return out;
}
