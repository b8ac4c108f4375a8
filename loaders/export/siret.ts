// The SIRET: the validator's check and its SQL twin, side by side (Luhn, or
// La Poste's digit sum divisible by 5). A test holds them equal on random numbers.
import type { PlainForm } from "./money.js";
import type { Parsed } from "./values.js";

/** Whether a string of digits passes the Luhn check (the SIRET's key; the sample makes its SIRET with it). */
export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const LA_POSTE_SIREN = "356000000";

export function parseSiret(raw: string): Parsed<string> {
  const digits = raw.replace(/\s/g, "");
  if (!/^\d{14}$/.test(digits)) return { error: "SIRET attendu : 14 chiffres" };
  if (digits.startsWith(LA_POSTE_SIREN)) {
    const sum = [...digits].reduce((s, d) => s + Number(d), 0);
    if (sum % 5 !== 0) {
      return {
        error:
          "SIRET invalide : la somme des chiffres d'un SIRET de La Poste doit être divisible par 5",
      };
    }
  } else if (!luhn(digits)) {
    return { error: "SIRET invalide : la clé de contrôle (formule de Luhn) est fausse" };
  }
  return { value: digits };
}

const digit = (c: string, i: string) => `(ascii(${c}[${i}]) - 48)`;

/** The SIRET's check, as `parseSiret` does it: Luhn, or La Poste's digit sum divisible by 5. */
export function siretCheckSql(c: string): string {
  const d = digit(c, "i");
  const luhn = `list_sum([CASE WHEN (14 - i) % 2 = 1 THEN CASE WHEN ${d} > 4 THEN 2 * ${d} - 9 ELSE 2 * ${d} END ELSE ${d} END FOR i IN range(1, 15)]) % 10 = 0`;
  const poste = `list_sum([${d} FOR i IN range(1, 15)]) % 5 = 0`;
  return `(regexp_full_match(${c}, '[0-9]{14}') AND CASE WHEN starts_with(${c}, '${LA_POSTE_SIREN}') THEN ${poste} ELSE ${luhn} END)`;
}

export const SIRET_SQL: PlainForm = { test: siretCheckSql, value: (c) => c };
