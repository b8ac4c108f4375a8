// The map's search, on the real gazetteer as the page reads it: the files the
// build writes (by the first letters of a name, by postcode), decoded as the
// page decodes them. What a parent types, and what they mean.
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { writeGazetteerFiles } from "../loaders/site/gazetteer-files.js";
import { readGazetteer } from "../loaders/geo/gazetteer.js";
import {
  GAZETTEER,
  decodeEntry,
  editDistance,
  findCommunes,
  normalizeSearch,
  parseQuery,
  postcodeKey,
  shardKey,
  type Found,
} from "../src/lib/search.js";
import { tempDir } from "./helpers/warehouse.js";

let site: string;

beforeAll(async () => {
  site = tempDir();
  await writeGazetteerFiles(site, await readGazetteer());
});

/** What the page finds for a text: the file it would fetch, then the match. */
function find(text: string): Found {
  const query = parseQuery(text)!;
  const file =
    query.kind === "postcode"
      ? path.join(GAZETTEER.postcodes, `${postcodeKey(query.postcode)}.json`)
      : path.join(GAZETTEER.names, `${shardKey(query.name)}.json`);
  let rows = [];
  try {
    rows = JSON.parse(readFileSync(path.join(site, GAZETTEER.folder, file), "utf8"));
  } catch {
    rows = [];
  }
  return findCommunes(query, rows.map(decodeEntry));
}
const code = (f: Found) => (f.kind === "commune" ? f.entry.code : f.kind);

describe("what a parent types", () => {
  it("is read without accents, case, hyphens or apostrophes; St is Saint", () => {
    expect(normalizeSearch("  Saint-Étienne-du-Rouvray ")).toBe("saint etienne du rouvray");
    expect(normalizeSearch("St-Denis")).toBe("saint denis");
    expect(normalizeSearch("L'Haÿ-les-Roses")).toBe("l hay les roses");
    expect(normalizeSearch("Œuilly")).toBe("oeuilly");
  });

  it("is a postcode, a name with a postcode, or a name with an arrondissement", () => {
    expect(parseQuery("75011")).toEqual({ kind: "postcode", postcode: "75011" });
    expect(parseQuery("Marseille 13003")).toEqual({
      kind: "name",
      name: "marseille",
      postcode: "13003",
      arrondissement: null,
    });
    expect(parseQuery("Paris 11e")).toMatchObject({ name: "paris", arrondissement: 11 });
    expect(parseQuery("Lyon 3ème arrondissement")).toMatchObject({
      name: "lyon",
      arrondissement: 3,
    });
    expect(parseQuery("   ")).toBeNull();
  });

  it("counts one typo: a letter missing, added, changed, or two swapped", () => {
    expect(editDistance("lile", "lille", 1)).toBe(1);
    expect(editDistance("lilel", "lille", 1)).toBe(1);
    expect(editDistance("nates", "nantes", 1)).toBe(1);
    expect(editDistance("nanets", "nantes", 1)).toBe(1);
    expect(editDistance("nice", "nantes", 1)).toBe(2);
  });
});

describe("the communes it names", () => {
  it("a name: the commune, whatever its accents and case", () => {
    expect(code(find("lambersart"))).toBe("59328");
    expect(code(find("SAINT-ETIENNE"))).toBe("42218");
    expect(code(find("havre"))).toBe("76351");
    expect(code(find("Le Havre"))).toBe("76351");
  });

  it("one typo: Lille for « lile », said to be a correction, with the other answers", () => {
    const lile = find("lile");
    expect(lile).toMatchObject({ kind: "commune", corrected: true, entry: { code: "59350" } });
    expect(code(find("lambersar"))).toBe("59328");
    expect(code(find("Marseile"))).toBe("13055");
  });

  it("a name several communes bear: a choice, the most populous first", () => {
    const f = find("Saint-Denis");
    expect(f.kind).toBe("choice");
    const codes = (f as { entries: { code: string }[] }).entries.map((e) => e.code);
    expect(codes.slice(0, 2).sort()).toEqual(["93066", "97411"]);
    expect(code(find("Saint-Denis 97400"))).toBe("97411");
  });

  it("a postcode of Paris, Lyon or Marseille: its arrondissement", () => {
    expect(code(find("75011"))).toBe("75111");
    expect(code(find("69003"))).toBe("69383");
    expect(code(find("Marseille 13003"))).toBe("13203");
    expect(code(find("Paris 11e"))).toBe("75111");
    expect(code(find("59000"))).toBe("59350");
  });

  it("a postcode shared by several communes: a choice; nothing: none", () => {
    expect(find("24200").kind).toBe("choice");
    expect(find("zzqx").kind).toBe("none");
    expect(find("99999").kind).toBe("none");
  });
});
