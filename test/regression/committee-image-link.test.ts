// A committee's text shows images « from the same folder only »: an image that is a
// symbolic link to a file outside the folder (/etc/passwd) was read and embedded in
// both builds as a data: image. Only regular files inside the folder, whose content
// is an image, are read.
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { committeeTexts } from "../../loaders/publish/bilans.js";
import { tempDir } from "../helpers/warehouse.js";

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==",
  "base64",
);

function texts(files: (folder: string) => void) {
  const dir = tempDir();
  const folder = path.join(dir, "2024-2025");
  mkdirSync(folder, { recursive: true });
  files(folder);
  return committeeTexts({ audience: "public", departements: [], threshold: 10 }, dir)["2024-2025"]![
    "59"
  ]!;
}

describe("a committee's images", () => {
  it("a symbolic link to /etc/passwd named like an image is not read", () => {
    const text = texts((folder) => {
      writeFileSync(path.join(folder, "59.md"), "---\npublic: oui\n---\n\n![photo](photo.png)\n");
      symlinkSync("/etc/passwd", path.join(folder, "photo.png"));
    });
    expect(text.html).not.toContain("data:");
    expect(text.html).toContain("[image : photo]");
    expect(text.html).not.toContain(Buffer.from("root:").toString("base64").slice(0, 6));
  });

  it("a link to an image of another folder is not read either", () => {
    const outside = path.join(tempDir(), "ailleurs.png");
    writeFileSync(outside, PNG);
    const text = texts((folder) => {
      writeFileSync(path.join(folder, "59.md"), "---\npublic: oui\n---\n\n![photo](photo.png)\n");
      symlinkSync(outside, path.join(folder, "photo.png"));
    });
    expect(text.html).not.toContain("data:");
  });

  it("a text file named .png is not an image; a PNG of the folder is, by its content", () => {
    const text = texts((folder) => {
      writeFileSync(
        path.join(folder, "59.md"),
        "---\npublic: oui\n---\n\n![faux](faux.png) ![vrai](vrai.jpg)\n",
      );
      writeFileSync(path.join(folder, "faux.png"), "root:x:0:0:root:/root:/bin/bash\n");
      writeFileSync(path.join(folder, "vrai.jpg"), PNG);
    });
    expect(text.html).toContain("[image : faux]");
    expect(text.html).toContain(`src="data:image/png;base64,${PNG.toString("base64")}"`);
  });
});
