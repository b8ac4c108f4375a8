// One small helper to make an element, for the components that draw without
// Framework's html template (the map's, whose parts are kept and updated).

/**
 * An element: `class`, `text` (its text content), `onX` (a listener of the event X),
 * any other attribute (true: present and empty; false, null or undefined: absent).
 */
export function el(tag, attributes = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes)) {
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (v !== false && v !== null && v !== undefined) e.setAttribute(k, v === true ? "" : v);
  }
  e.append(...children);
  return e;
}

/** A text from the address or a search box, never longer than a line in a message. */
export function shortened(text, max = 80) {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
