// The committee's own words in its bilan (data/bilans/, rendered at build
// time from Markdown only: loaders/publish/bilans.ts), or, on the internal
// site, where to write them. The public site shows only texts marked public.

/** `text`: { html, notes } for this campagne and département, or undefined. */
export function CommitteeText(text, { audience, campagne, code }) {
  const section = document.createElement("section");
  section.className = "comite";
  section.setAttribute("aria-labelledby", "bilan-du-comite");
  if (!text && audience !== "interne") return section;
  const title = document.createElement("h2");
  title.id = "bilan-du-comite";
  title.textContent = "Le bilan du comité";
  section.appendChild(title);
  if (!text) {
    const p = document.createElement("p");
    p.className = "comite-a-ecrire";
    p.textContent = `Le comité n'a pas encore écrit la partie qualitative de son bilan pour la campagne ${campagne} (temps forts, actions phares, visites, perspectives). L'écrire dans le fichier data/bilans/${campagne}/${code}.md, en Markdown (le mode d'emploi est dans data/bilans/README.md), puis reconstruire le site. Ce rappel ne paraît que sur le site interne.`;
    section.appendChild(p);
    return section;
  }
  const body = document.createElement("div");
  body.className = "comite-texte";
  // HTML made at build time from Markdown without raw HTML, links to http(s) only
  body.innerHTML = text.html;
  section.appendChild(body);
  if (audience === "interne" && text.notes?.length) {
    const notes = document.createElement("ul");
    notes.className = "comite-notes";
    for (const n of text.notes)
      notes.appendChild(Object.assign(document.createElement("li"), { textContent: n }));
    section.appendChild(notes);
  }
  return section;
}
