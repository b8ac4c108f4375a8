// The indicators' French labels and kinds, for the pages (names from spec/indicators.md).
import type { IndicatorKind } from "./format.js";

export interface IndicatorMeta {
  key: string;
  label: string;
  kind: IndicatorKind;
}

const M = (key: string, label: string, kind: IndicatorKind = "nombre"): IndicatorMeta => ({
  key,
  label,
  kind,
});

export const INDICATOR_META: IndicatorMeta[] = [
  M("porteurs", "Porteurs"),
  M("actions", "Actions"),
  M("actions_rurales", "Actions en milieu rural"),
  M("collectifs", "Collectifs"),
  M("lieux", "Lieux"),
  M("enfants", "Enfants"),
  M("enfants_elementaire", "Enfants en élémentaire"),
  M("enfants_college", "Enfants au collège"),
  M("enfants_lycee", "Enfants au lycée"),
  M("enfants_autre", "Enfants, autres niveaux"),
  M("filles", "Filles"),
  M("familles", "Familles"),
  M("parents_impliques", "Parents impliqués"),
  M("intervenants_salaries", "Intervenants salariés"),
  M("intervenants_benevoles", "Intervenants bénévoles"),
  M("heures_accompagnement", "Heures d'accompagnement"),
  M("heures_enfants", "Heures-enfants"),
  M("budget_total", "Coût total", "euros"),
  M("montant_ps", "Prestation de service Clas", "euros"),
  M("montant_fonds_locaux", "Fonds locaux Caf", "euros"),
  M("cofinancements", "Cofinancements", "euros"),
  M("part_caf", "Part des financements Caf", "taux"),
  M("cout_par_enfant", "Coût par enfant", "euros"),
  M("enfants_par_collectif", "Enfants par collectif", "ratio"),
  M("taux_rural", "Part d'actions en milieu rural", "taux"),
  M("taux_conformite", "Actions conformes au référentiel", "taux"),
  M("taux_public", "Règle PUBLIC respectée", "taux"),
  M("taux_taille", "Règle TAILLE respectée", "taux"),
  M("taux_encadrement", "Règle ENCADREMENT respectée", "taux"),
  M("taux_regularite", "Règle REGULARITE respectée", "taux"),
  M("taux_lieu_parents", "Règle LIEU_PARENTS respectée", "taux"),
  M("taux_collectif", "Règle COLLECTIF respectée", "taux"),
  M("taux_axe_enfants", "Axe enfants complet", "taux"),
  M("taux_axe_parents", "Axe parents complet", "taux"),
  M("taux_axe_ecole", "Axe école complet", "taux"),
  M("taux_axe_territoire", "Axe territoire complet", "taux"),
  M("taux_coordination", "Règle COORDINATION respectée", "taux"),
  M("taux_cofinancement", "Règle COFINANCEMENT respectée", "taux"),
  M("taux_gratuite", "Règle GRATUITE respectée", "taux"),
  M("taux_calendrier", "Règle CALENDRIER respectée", "taux"),
  M("taux_formation", "Règle FORMATION respectée", "taux"),
  M("couverture_4_axes", "Actions couvrant les quatre axes", "taux"),
  M("lignes_rejetees", "Lignes rejetées"),
];

export const META_BY_KEY = new Map(INDICATOR_META.map((m) => [m.key, m]));
