// Words the sample is made of: invented people and places, never real personal data.

export const STREETS = [
  "rue Victor Hugo",
  "rue Jean Jaurès",
  "avenue de la République",
  "rue Pasteur",
  "place de la Mairie",
  "rue des Écoles",
  "rue de la Paix",
  "allée des Tilleuls",
  "rue Jules Ferry",
  "boulevard Gambetta",
  "rue du Stade",
  "chemin des Vignes",
  "rue de l'Église",
  "rue Émile Zola",
  "avenue Jean Moulin",
  "rue des Lilas",
  "impasse des Roses",
  "rue Louise Michel",
  "rue du Moulin",
  "place du Marché",
];

export const QUARTIERS = [
  "centre",
  "des Tilleuls",
  "du Val",
  "des Hauts",
  "de la Gare",
  "des Aubépines",
  "du Plateau",
  "Bellevue",
  "des Peupliers",
  "du Bourg",
];

export const ASSOCIATIONS = [
  "Les Petits Débrouillards",
  "Coup de Pouce",
  "Savoirs Partagés",
  "L'Envol",
  "Le Trait d'Union",
  "Réussir Ensemble",
  "Les Amis de l'École",
  "Pass'Âge",
  "Le Fil d'Ariane",
  "Cap Avenir",
];

export const RESEAUX = [
  "Ligue de l'enseignement",
  "AFEV",
  "Secours populaire",
  "Familles rurales",
  "Francas",
  "Léo Lagrange",
];

export const ACTIVITES = [
  "Accompagnement à la scolarité",
  "Coup de pouce aux devoirs",
  "Clas",
  "Ateliers du soir",
  "Parcours réussite",
  "Aide méthodologique et culturelle",
];

export const PRENOMS = [
  "Camille",
  "Nadia",
  "Julien",
  "Sophie",
  "Karim",
  "Élodie",
  "Thomas",
  "Fatou",
  "Lucas",
  "Hélène",
  "Mehdi",
  "Claire",
];
export const NOMS = [
  "Martin",
  "Bernard",
  "Petit",
  "Durand",
  "Leroy",
  "Moreau",
  "Simon",
  "Laurent",
  "Michel",
  "Garcia",
  "Roux",
  "Fournier",
];
