// A small static server for the built site on 127.0.0.1, with Framework's
// clean URLs (`/comparer` serves `comparer.html`), as a static host would
// serve it: compressed (brotli or gzip), cached (files whose name carries
// their hash for a year, pages revalidated), any request answered (a
// malformed one with 400, a missing file with the site's 404 page). A file is
// compressed once for each encoding and kept while it is unchanged (the
// engine's 36 MB took 0.8 s to compress at each request). Node only.
import { createReadStream, existsSync, statSync, type Stats } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import path from "node:path";
import { pipeline } from "node:stream";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".csv": "text/csv; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".pdf": "application/pdf",
  ".woff2": "font/woff2",
  ".zip": "application/zip",
  ".wasm": "application/wasm",
  ".arrow": "application/vnd.apache.arrow.file",
  ".parquet": "application/octet-stream",
};

const brotli = promisify(brotliCompress);
const COMPRESS = {
  // a quality that compresses tens of megabytes (DuckDB-Wasm) in a second
  br: (data: Buffer) => brotli(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } }),
  gzip: promisify(gzip),
};

/** Each file's compressed bytes by encoding, with the size and date of the file they were made from. */
type Compressed = Map<string, { stamp: string; body: Promise<Buffer> }>;

function compressedBody(
  cache: Compressed,
  file: string,
  encoding: keyof typeof COMPRESS,
  stat: Stats,
): Promise<Buffer> {
  const key = `${encoding}:${file}`;
  const stamp = `${stat.size}:${stat.mtimeMs}`;
  const kept = cache.get(key);
  if (kept?.stamp === stamp) return kept.body;
  const body = readFile(file).then((data) => COMPRESS[encoding](data));
  // a file changed since is compressed again; one that failed is tried again next time
  cache.set(key, { stamp, body });
  body.catch(() => cache.get(key)?.body === body && cache.delete(key));
  return body;
}

/** Types worth compressing (images and PDFs already are). */
const COMPRESSIBLE = /^(text\/|application\/(json|wasm|vnd\.apache\.arrow))/;

/** The file a URL names under root, or null; undefined when the URL cannot be read. */
export function resolveUrl(root: string, url: string): string | null | undefined {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url, "http://localhost").pathname);
  } catch {
    return undefined;
  }
  if (pathname.includes("\0")) return undefined;
  const file = path.join(root, path.normalize(pathname));
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  for (const candidate of [file, `${file}.html`, path.join(file, "index.html")]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** Framework names what it bundles after its content: such a file never changes. */
function immutable(root: string, file: string): boolean {
  const rel = path.relative(root, file).split(path.sep);
  return rel.some((p) => p === "_observablehq" || p === "_npm" || p === "_file" || p === "_import");
}

function send(
  request: IncomingMessage,
  response: ServerResponse,
  file: string,
  status: number,
  cache: string,
  compressed: Compressed,
): void {
  const type = TYPES[path.extname(file)] ?? "application/octet-stream";
  const accepted = String(request.headers["accept-encoding"] ?? "");
  const encoding = !COMPRESSIBLE.test(type)
    ? null
    : /\bbr\b/.test(accepted)
      ? "br"
      : /\bgzip\b/.test(accepted)
        ? "gzip"
        : null;
  const stat = statSync(file);
  const modified = stat.mtime.toUTCString();
  if (status === 200 && request.headers["if-modified-since"] === modified) {
    response.writeHead(304, { "cache-control": cache, "last-modified": modified });
    response.end();
    return;
  }
  const head = (length: number, encoded: boolean) =>
    response.writeHead(status, {
      "content-type": type,
      "cache-control": cache,
      "last-modified": modified,
      vary: "Accept-Encoding",
      ...(encoded ? { "content-encoding": encoding! } : {}),
      "content-length": length,
    });
  if (!encoding) {
    head(stat.size, false);
    if (request.method === "HEAD") response.end();
    // a client that goes away is no error of ours
    else pipeline(createReadStream(file), response, () => undefined);
    return;
  }
  compressedBody(compressed, file, encoding, stat).then(
    (body) => {
      head(body.length, true);
      response.end(request.method === "HEAD" ? undefined : body);
    },
    () => {
      if (!response.headersSent)
        response.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      response.end("Erreur du serveur");
    },
  );
}

export function serveSite(dir: string, port = 3000, host = "127.0.0.1"): Promise<Server> {
  const root = path.resolve(dir);
  const compressed: Compressed = new Map();
  const server = createServer((request, response) => {
    try {
      if (request.method !== "GET" && request.method !== "HEAD") {
        response.writeHead(405, { allow: "GET, HEAD", "content-type": TYPES[".html"]! });
        response.end("Méthode non autorisée");
        return;
      }
      const file = resolveUrl(root, request.url ?? "/");
      if (file === undefined) {
        response.writeHead(400, { "content-type": "text/plain; charset=utf-8" });
        response.end("Requête invalide : adresse mal encodée");
        return;
      }
      if (file === null) {
        const notFound = path.join(root, "404.html");
        if (existsSync(notFound)) send(request, response, notFound, 404, "no-cache", compressed);
        else {
          response.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
          response.end("Page introuvable");
        }
        return;
      }
      const cache = immutable(root, file) ? "public, max-age=31536000, immutable" : "no-cache";
      send(request, response, file, 200, cache, compressed);
    } catch {
      if (!response.headersSent)
        response.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      response.end("Erreur du serveur");
    }
  });
  // a request the HTTP parser itself refuses gets its answer too
  server.on("clientError", (_error, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
  });
  return new Promise((resolveServer, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolveServer(server));
  });
}
