import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cli, tempDir } from "./helpers/warehouse.js";

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

describe("the Framework site", () => {
  it("builds, in French, with no reference to another host", async () => {
    const out = tempDir();
    expect((await cli("build", "--out", out)).status).toBe(0);
    const built = files(out);
    const index = readFileSync(path.join(out, "index.html"), "utf8");
    expect(index).toContain('<html lang="fr">');
    const external: string[] = [];
    for (const f of built) {
      const text = readFileSync(f, "utf8");
      // the SVG namespace is an identifier, not a request
      for (const m of text.matchAll(/(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}[^\s"')]*/gi)) {
        if (!m[0].startsWith("http://www.w3.org/")) external.push(`${f}: ${m[0]}`);
      }
    }
    expect(external).toEqual([]);
  }, 120_000);
});
