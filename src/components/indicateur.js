// An indicator picked in a list, kept in the URL (`?indicateur=part_caf`).
import * as Inputs from "npm:@observablehq/inputs";
import { META_BY_KEY } from "../lib/indicateurs.js";
import { bindToUrl } from "../lib/url-state.js";

/** The chosen one of `choices` (catalogue records), `initial` a key. */
export function chosenIndicator(
  choices,
  view,
  { label = "Indicateur", param = "indicateur", initial, format = (m) => m.label } = {},
) {
  return view(
    bindToUrl(Inputs.select(choices, { label, format, value: META_BY_KEY.get(initial) }), param, {
      read: (k) => choices.find((m) => m.key === k),
      write: (m) => m.key,
    }),
  );
}
