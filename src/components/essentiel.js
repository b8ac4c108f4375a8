// « L'essentiel », the head of a bilan (France's or a département's): where the
// figures come from and its PDF, the response to the questionnaire, what happened
// in sentences (src/lib/resume.ts), and, for a département, its key figures.
import { html } from "npm:htl";

/**
 * `meta`: the line of the document's sources; `pdf`: `{ href, label }` when its PDF is
 * published; `reponse`: the response sentence; `phrases`: the summary; `heading`: a visible
 * title (else the section is named for screen readers only); `after`: what closes it.
 */
export function Essentiel({ className, meta, pdf, reponse, phrases, heading = null, after = "" }) {
  const pdfLink = pdf ? html`<a class="lien-pdf" href=${pdf.href} download>${pdf.label}</a>` : "";
  const body = html`<p class="document-meta">${meta} ${pdfLink}</p>
    ${heading ? html`<h2 id="essentiel">${heading}</h2>` : ""}
    <p class="reponse">${reponse}</p>
    ${phrases.map((p) => html`<p class="resume">${p}</p>`)} ${after}`;
  return heading
    ? html`<section class=${className} aria-labelledby="essentiel">${body}</section>`
    : html`<section class=${className} aria-label="L'essentiel">${body}</section>`;
}
