// The operational objectives of the four axes, in the référentiel's order:
// the checkboxes of the export (ENF1…TER1) and the subject of the AXE_* rules.

export type Axe = "enf" | "par" | "eco" | "ter";

export interface Objectif {
  axe: Axe;
  /** Export header, e.g. `ENF1`. */
  code: string;
  /** Field name, e.g. `obj_enf_1`. */
  field: string;
  label: string;
}

const LABELS: Record<Axe, string[]> = {
  enf: [
    "Fournir aux enfants et aux jeunes un appui et une méthodologie au travail scolaire",
    "Leur permettre d'élargir leurs centres d'intérêt en mobilisant les ressources locales (bibliothèques, médiathèques)",
    "Leur permettre d'élargir leurs centres d'intérêt en développant leurs capacités de vie collective",
    "Mettre en valeur leurs compétences en valorisant l'entraide au sein du groupe Clas",
    "Organiser un suivi régulier des présences des enfants (cahiers de présence, fiches individuelles de suivi)",
  ],
  par: [
    "Organiser des temps d'information sur les objectifs et le contenu des actions Clas au moment de l'inscription des enfants",
    "Mettre en place des temps de convivialité enfants/parents",
    "Informer et accompagner les parents dans leur compréhension des codes de l'école",
    "Orienter les parents vers d'autres partenaires du territoire (acteurs du soutien à la parentalité)",
    "Associer les parents à l'accompagnement proposé à leur enfant par des échanges informels réguliers",
  ],
  eco: [
    "Etablir des relations avec les directeurs d'établissements, les conseillers principaux d'éducation, les enseignants",
    "Etablir une collaboration avec les équipes éducatives pour l'orientation des enfants vers le Clas",
    "Organiser une réunion de concertation avec les équipes éducatives en amont de la mise en place du projet et lors du bilan",
  ],
  ter: ["Etre en relation avec d'autres associations ou partenaires du secteur"],
};

export const AXES: readonly Axe[] = ["enf", "par", "eco", "ter"];

export const OBJECTIFS: readonly Objectif[] = AXES.flatMap((axe) =>
  LABELS[axe].map((label, i) => ({
    axe,
    code: `${axe.toUpperCase()}${i + 1}`,
    field: `obj_${axe}_${i + 1}`,
    label,
  })),
);
