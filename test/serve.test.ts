import { mkdirSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { serveSite } from "../loaders/site/serve.js";
import { tempDir } from "./helpers/warehouse.js";

describe("the static server", () => {
  it("serves clean URLs on 127.0.0.1 and nothing outside its folder", async () => {
    const root = path.join(tempDir(), "site");
    mkdirSync(path.join(root, "departement"), { recursive: true });
    writeFileSync(path.join(root, "index.html"), "accueil");
    writeFileSync(path.join(root, "departement", "78.html"), "Yvelines");
    writeFileSync(path.join(root, "..", "secret.txt"), "secret");
    const server = await serveSite(root, 0);
    const { port, address } = server.address() as AddressInfo;
    expect(address).toBe("127.0.0.1");
    const get = async (p: string) => {
      const r = await fetch(`http://127.0.0.1:${port}${p}`);
      return [r.status, await r.text()];
    };
    try {
      expect(await get("/")).toEqual([200, "accueil"]);
      expect(await get("/departement/78")).toEqual([200, "Yvelines"]);
      expect((await get("/../secret.txt"))[1]).not.toBe("secret");
      expect((await get("/%2e%2e/secret.txt"))[0]).toBe(404);
      expect((await get("/nope"))[0]).toBe(404);
    } finally {
      server.close();
    }
  });
});
