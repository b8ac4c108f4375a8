// A small static server for the built site on 127.0.0.1, with Framework's
// clean URLs (`/comparer` serves `comparer.html`), as a static host would
// serve it: compressed (brotli or gzip), cached (files whose name carries
// their hash for a year, pages revalidated), any request answered (a
// malformed one with 400, a missing file with the site's 404 page). Node only.
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import path from "node:path";
import { pipeline } from "node:stream";
import { constants, createBrotliCompress, createGzip } from "node:zlib";

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
  response.writeHead(status, {
    "content-type": type,
    "cache-control": cache,
    "last-modified": modified,
    vary: "Accept-Encoding",
    ...(encoding ? { "content-encoding": encoding } : { "content-length": stat.size }),
  });
  if (request.method === "HEAD") {
    response.end();
    return;
  }
  const body = createReadStream(file);
  const compress =
    encoding === "br"
      ? // on the fly: a quality that compresses tens of megabytes (DuckDB-Wasm) in a second
        createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 4 } })
      : encoding === "gzip"
        ? createGzip()
        : null;
  const done = () => undefined; // a client that goes away is no error of ours
  if (compress) pipeline(body, compress, response, done);
  else pipeline(body, response, done);
}

export function serveSite(dir: string, port = 3000, host = "127.0.0.1"): Promise<Server> {
  const root = path.resolve(dir);
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
        if (existsSync(notFound)) send(request, response, notFound, 404, "no-cache");
        else {
          response.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
          response.end("Page introuvable");
        }
        return;
      }
      const cache = immutable(root, file) ? "public, max-age=31536000, immutable" : "no-cache";
      send(request, response, file, 200, cache);
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
