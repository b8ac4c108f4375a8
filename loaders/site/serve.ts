// A small static server for the built site on 127.0.0.1, with Framework's
// clean URLs (`/comparer` serves `comparer.html`). Node only.
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import path from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".csv": "text/csv; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".wasm": "application/wasm",
  ".arrow": "application/vnd.apache.arrow.file",
  ".parquet": "application/octet-stream",
};

function resolve(root: string, url: string): string | null {
  const pathname = decodeURIComponent(new URL(url, "http://localhost").pathname);
  const file = path.join(root, path.normalize(pathname));
  if (!file.startsWith(root)) return null;
  for (const candidate of [file, `${file}.html`, path.join(file, "index.html")]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

export function serveSite(dir: string, port = 3000, host = "127.0.0.1"): Promise<Server> {
  const root = path.resolve(dir);
  const server = createServer((request, response) => {
    const file = resolve(root, request.url ?? "/");
    if (!file) {
      const notFound = path.join(root, "404.html");
      response.writeHead(404, { "content-type": TYPES[".html"]! });
      if (existsSync(notFound)) createReadStream(notFound).pipe(response);
      else response.end("Page introuvable");
      return;
    }
    response.writeHead(200, {
      "content-type": TYPES[path.extname(file)] ?? "application/octet-stream",
    });
    createReadStream(file).pipe(response);
  });
  return new Promise((resolveServer, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolveServer(server));
  });
}
