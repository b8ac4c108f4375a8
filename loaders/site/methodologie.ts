// The Méthodologie page (`methodologie.md` of the build's root), written at build time from what defines the figures:
// the indicators' definitions (src/lib/indicateurs.ts), the référentiel's
// rules (loaders/referentiel/rules.ts) with the thresholds in force for the
// campagnes of the data, and the disclosure rule. Static text: it prints,
// its anchors work without JavaScript, and other pages link to them.
import { DEFAULT_THRESHOLD } from "../publish/disclosure.js";
import { CONTROLLED, DERIVED, SITE_RATES, type Publication } from "../publish/audience.js";
import type { Referentiel } from "../referentiel/seuils.js";
import { RULES } from "../referentiel/rules.js";
import { seuilsRow, versionFor } from "../referentiel/seuils.js";
import {
  definitionAnchor,
  INDICATOR_META,
  META_BY_KEY,
  RATE_META,
} from "../../src/lib/indicateurs.js";

const escape = (t: string) => t.replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page's Markdown, for the campagnes of the data and the thresholds in force. */
export function methodologyPage(
  publication: Publication,
  campagnes: string[],
  referentiel: Referentiel,
): string {
  const indicators = [...INDICATOR_META, ...RATE_META].filter(
    (m) => publication.audience === "interne" || m.key !== "lignes_rejetees",
  );
  const groups = [...new Set(indicators.map((m) => m.groupe))];
  const definitions = groups
    .map(
      (g) => `### ${g}

<dl class="definitions">
${indicators
  .filter((m) => m.groupe === g)
  .map(
    (m) =>
      `<dt id="${definitionAnchor(m.key)}">${escape(m.label)}</dt>\n<dd>${escape(m.definition)}</dd>`,
  )
  .join("\n")}
</dl>`,
    )
    .join("\n\n");

  // one table per version of the thresholds in force over the campagnes of the data
  const byVersion = new Map<string, string[]>();
  for (const c of campagnes.length ? campagnes : ["2024-2025"]) {
    const v = versionFor(referentiel, c).depuis;
    byVersion.set(v, [...(byVersion.get(v) ?? []), c]);
  }
  const rulesTables = [...byVersion.entries()]
    .map(([, covered]) => {
      const row = seuilsRow(referentiel, covered.at(-1)!, "FR");
      const lines = RULES.map(
        (r) =>
          `<tr><th scope="row">${r.id}</th><td>${r.level}</td><td>${r.unit === "collectif" ? "chaque collectif" : "l'action"}</td><td>${escape(r.label)}</td><td>${escape(r.expected(row, false))}</td><td>${escape(r.expected(row, true))}</td><td>« ${escape(r.quote)} »</td></tr>`,
      ).join("\n");
      return `<div class="table-defilante" tabindex="0" role="region" aria-label="Règles du référentiel, ${covered.length > 1 ? `campagnes ${covered[0]} à ${covered.at(-1)}` : `campagne ${covered[0]}`}">
<table class="clas-table">
<caption>Règles et seuils en vigueur pour ${covered.length > 1 ? `les campagnes ${covered.join(", ")}` : `la campagne ${covered[0]}`}</caption>
<thead><tr><th scope="col">Règle</th><th scope="col">Niveau</th><th scope="col">Vérifiée pour</th><th scope="col">Ce qui est vérifié</th><th scope="col">Seuil en ville</th><th scope="col">Seuil en milieu rural</th><th scope="col">Ce que dit le référentiel</th></tr></thead>
<tbody>
${lines}
</tbody>
</table>
</div>`;
    })
    .join("\n\n");

  const controlled = CONTROLLED.map((k) => META_BY_KEY.get(k)?.label.toLowerCase() ?? k).join(", ");
  const derived = [...Object.keys(DERIVED), ...SITE_RATES]
    .map((k) => META_BY_KEY.get(k)?.label.toLowerCase() ?? k)
    .join(", ");

  return `---
title: Méthodologie
toc: true
---

# Méthodologie

Ce site présente le bilan annuel des contrats locaux d'accompagnement à la scolarité (Clas) à partir des questionnaires d'activité que remplissent chaque année les porteurs financés par la Caf. Cette page dit d'où viennent les chiffres, comment chacun est calculé, quelles règles du référentiel national sont vérifiées et ce que le site ne publie pas.

## La source et ses limites

- **La source** : les exports du questionnaire d'activité des Clas (une table des actions, une table des collectifs d'enfants), ${campagnes.length ? `campagne${campagnes.length > 1 ? "s" : ""} ${campagnes.join(", ")}` : "aucune campagne importée"}. Chaque ligne est vérifiée à l'import : elle est acceptée, ou rejetée avec ses motifs.
- **Des déclarations** : les chiffres sont ceux que déclarent les porteurs ; ils ne sont pas contrôlés sur place.
- **Seuls les questionnaires reçus comptent** : une action financée dont le porteur n'a pas répondu, ou dont la ligne a été rejetée, n'apparaît dans aucun indicateur.
- **Les lieux** sont placés sur la carte avec les coordonnées de l'export quand il y en a, sinon à l'adresse géocodée, sinon au centre de leur commune : leur position peut être approximative, et la carte le dit.
- **Pour la France**, chaque indicateur est calculé à partir de toutes les lignes, jamais comme une moyenne des départements : un porteur présent dans deux départements compte une fois.

## Les indicateurs

Un taux est une part, affichée en pourcentage ; un taux dont le dénominateur est nul n'est pas calculé et s'affiche « — ». Une somme sur aucune ligne vaut 0 ; une case facultative vide ne compte pas.

${definitions}

## Les règles du référentiel national

Le *Référentiel national de financement des Clas* de la Cnaf fixe les conditions d'un Clas. Le site les vérifie pour chaque action et chacun de ses collectifs. Une règle **bloquante** non respectée rend l'action non conforme ; un **avertissement** est compté mais ne change pas la conformité. Une valeur manquante dont une règle a besoin fait échouer la règle.

${rulesTables}

## Le secret statistique

${
  publication.audience === "public"
    ? `Sur ce site, tout nombre de personnes (${controlled}) compris entre 1 et ${DEFAULT_THRESHOLD} est remplacé par « secret statistique » : c'est le secret primaire. Pour qu'on ne puisse pas le retrouver par différence (un département à partir de la France et des autres départements, un niveau à partir du total des enfants), une autre case est masquée aussi : c'est le secret secondaire. Enfin, toutes les relations publiées sont vérifiées ensemble (par programmation linéaire) : aucune case masquée ne peut être encadrée à moins de ${DEFAULT_THRESHOLD} près en les combinant, et d'autres cases sont masquées tant que ce n'est pas le cas. Les valeurs calculées à partir d'un nombre masqué (${derived}) sont masquées avec lui. Un département dont une valeur est masquée n'a pas de rang pour cet indicateur. Les indicateurs qui ne comptent pas des personnes (actions, porteurs, lieux, montants, taux de conformité) sont publiés tels quels.`
    : `Ce site interne publie les nombres exacts. Le site public, lui, remplace tout nombre de personnes (${controlled}) compris entre 1 et ${DEFAULT_THRESHOLD} par « secret statistique » (secret primaire), masque une autre case quand la première pourrait être retrouvée par différence (secret secondaire), et masque les valeurs calculées à partir d'un nombre masqué (${derived}).`
}

## Lignes rejetées et avertissements

- Une **ligne rejetée** est une ligne d'un export qui ne peut pas être retenue : une valeur obligatoire manque ou est invalide (une date qui n'existe pas, un nombre négatif, un code commune inconnu…), la ligne est en double, ou le collectif renvoie à une action inconnue ou rejetée. Elle ne compte dans aucun indicateur${publication.audience === "interne" ? " ; elle figure, avec tous ses motifs, sur la page *Qualité des données*, pour être corrigée avec le porteur" : ""}.
- Un **avertissement** signale une valeur facultative invalide, ignorée (un code postal, des coordonnées hors de France…) : la ligne compte, sans cette valeur.

## Ce que le site ne publie jamais

- Les données personnelles (nom du coordinateur, courriel, téléphone) : elles restent dans la base du département.
- Les accompagnements au domicile des familles : ils ne figurent pas sur la carte.
${publication.audience === "public" ? "- La liste des actions et des porteurs, et les lignes rejetées : elles sont réservées au site interne." : "- Ce site interne, qui liste les actions et les lignes rejetées, n'est pas publié : il se consulte derrière l'authentification de la Caf."}
`;
}
