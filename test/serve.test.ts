import { mkdirSync, writeFileSync } from "node:fs";
import { connect, type AddressInfo } from "node:net";
import path from "node:path";
import { brotliDecompressSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { serveSite } from "../loaders/site/serve.js";
import { tempDir } from "./helpers/warehouse.js";

function site() {
  const root = path.join(tempDir(), "site");
  mkdirSync(path.join(root, "departement"), { recursive: true });
  mkdirSync(path.join(root, "_observablehq"), { recursive: true });
  writeFileSync(path.join(root, "index.html"), "accueil");
  writeFileSync(path.join(root, "404.html"), "page introuvable");
  writeFileSync(path.join(root, "departement", "78.html"), "Yvelines");
  writeFileSync(path.join(root, "_observablehq", "client.0a1b2c.js"), "x".repeat(5000));
  writeFileSync(path.join(root, "..", "secret.txt"), "secret");
  return root;
}

/** A request written byte for byte: fetch would normalise its path before sending it. */
function raw(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(request));
    let answer = "";
    socket.on("data", (d) => (answer += String(d)));
    socket.on("end", () => resolve(answer));
    socket.on("error", reject);
    setTimeout(() => socket.destroy(), 2000);
  });
}

describe("the static server", () => {
  it("serves clean URLs on 127.0.0.1 and nothing outside its folder", async () => {
    const server = await serveSite(site(), 0);
    const { port, address } = server.address() as AddressInfo;
    expect(address).toBe("127.0.0.1");
    const get = async (p: string) => {
      const r = await fetch(`http://127.0.0.1:${port}${p}`);
      return [r.status, await r.text()];
    };
    try {
      expect(await get("/")).toEqual([200, "accueil"]);
      expect(await get("/departement/78")).toEqual([200, "Yvelines"]);
      expect(await get("/nope")).toEqual([404, "page introuvable"]);
      expect((await get("/%2e%2e/secret.txt"))[0]).toBe(404);
    } finally {
      server.close();
    }
  });

  it("a malformed percent-encoding gets a 400, and the server goes on (it crashed on a URIError)", async () => {
    const server = await serveSite(site(), 0);
    const { port } = server.address() as AddressInfo;
    try {
      const bad = await raw(port, "GET /%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      expect(bad.split("\r\n")[0]).toBe("HTTP/1.1 400 Bad Request");
      const nul = await raw(port, "GET /a%00b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      expect(nul.split("\r\n")[0]).toBe("HTTP/1.1 400 Bad Request");
      // ../ sent as is, which fetch never sends
      const up = await raw(
        port,
        "GET /../secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
      );
      expect(up).not.toContain("secret\n");
      expect(up).not.toMatch(/\r\n\r\nsecret$/);
      const garbage = await raw(port, "\u0000\u0001 not http\r\n\r\n");
      expect(garbage.split("\r\n")[0]).toBe("HTTP/1.1 400 Bad Request");
      const still = await fetch(`http://127.0.0.1:${port}/`);
      expect(still.status).toBe(200);
    } finally {
      server.close();
    }
  });

  it("compresses and caches as a static host does", async () => {
    const server = await serveSite(site(), 0);
    const { port } = server.address() as AddressInfo;
    try {
      const answer = await raw(
        port,
        "GET /_observablehq/client.0a1b2c.js HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n",
      );
      const [head] = answer.split("\r\n\r\n");
      expect(head).toMatch(/content-encoding: gzip/i);
      expect(head).toMatch(/cache-control: public, max-age=31536000, immutable/i);
      const r = await fetch(`http://127.0.0.1:${port}/_observablehq/client.0a1b2c.js`);
      expect(await r.text()).toBe("x".repeat(5000));
      const page = await fetch(`http://127.0.0.1:${port}/departement/78`, {
        headers: { "accept-encoding": "gzip" },
      });
      expect(page.headers.get("cache-control")).toBe("no-cache");
    } finally {
      server.close();
    }
  });

  it("compresses a file once, and again once it has changed", async () => {
    const root = site();
    const server = await serveSite(root, 0);
    const { port } = server.address() as AddressInfo;
    const page = path.join(root, "departement", "78.html");
    // the bytes on the wire, decompressed here (fetch would decompress them itself)
    const brotli = async () => {
      const answer = await new Promise<Buffer>((resolve, reject) => {
        const socket = connect(port, "127.0.0.1", () =>
          socket.write(
            "GET /departement/78 HTTP/1.1\r\nHost: x\r\nAccept-Encoding: br\r\nConnection: close\r\n\r\n",
          ),
        );
        const parts: Buffer[] = [];
        socket.on("data", (d: Buffer) => parts.push(d));
        socket.on("end", () => resolve(Buffer.concat(parts)));
        socket.on("error", reject);
      });
      const split = answer.indexOf("\r\n\r\n");
      const head = answer.subarray(0, split).toString();
      const body = answer.subarray(split + 4);
      expect(head).toMatch(/content-encoding: br/i);
      expect(head).toContain(`content-length: ${body.length}`);
      return brotliDecompressSync(body).toString();
    };
    try {
      expect(await brotli()).toBe("Yvelines");
      expect(await brotli()).toBe("Yvelines");
      // a new build writes the page again: its new bytes, not the ones kept
      writeFileSync(page, "Yvelines, campagne suivante");
      expect(await brotli()).toBe("Yvelines, campagne suivante");
    } finally {
      server.close();
    }
  });
});
