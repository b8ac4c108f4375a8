// What a printed page carries in its margins: the document's name at the top,
// the page number at the bottom (CSS margin boxes, which Chromium prints).

function cssString(text) {
  return `"${String(text)
    .replace(/["\\]/g, (c) => `\\${c}`)
    .replace(/\n/g, " ")}"`;
}

export function printMargins(label) {
  let style = document.getElementById("marges-impression");
  if (!style) {
    style = document.createElement("style");
    style.id = "marges-impression";
    document.head.appendChild(style);
  }
  style.textContent = `@page {
  @top-left { content: ${cssString(label)}; font: 9pt sans-serif; color: #444; }
  @bottom-right { content: "page " counter(page) " sur " counter(pages); font: 9pt sans-serif; color: #444; }
}`;
}
