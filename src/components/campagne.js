// The campagne picker of every page that has one: the newest campagne by
// default, kept in the URL (`?campagne=2023-2024`), none when the data holds
// one campagne only.
import * as Inputs from "npm:@observablehq/inputs";
import { bindToUrl } from "../lib/url-state.js";

/**
 * The chosen campagne of `campagnes` (oldest first): a picker shown through the
 * page's `view` when there are several, else the one there is.
 */
export function chosenCampagne(campagnes, view) {
  if (campagnes.length <= 1) return campagnes[0];
  return view(
    bindToUrl(
      Inputs.select(campagnes, { label: "Campagne", value: campagnes.at(-1) }),
      "campagne",
      { read: (c) => (campagnes.includes(c) ? c : undefined) },
    ),
  );
}
