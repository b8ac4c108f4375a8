// Every selection of a page lives in its URL, so that it can be shared and
// reopened, and the browser's back button undoes it: an input is bound to a
// query parameter (read at load, written as it changes, restored on « back »).

/** The value of a query parameter of the current URL, or null. */
export function param(name) {
  return new URL(location.href).searchParams.get(name);
}

/**
 * Sets query parameters of the current URL (null, undefined or "": left out), as a new
 * entry of the history when the URL changes, so that « back » undoes it.
 */
export function setParams(changes) {
  const url = new URL(location.href);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === undefined || v === "") url.searchParams.delete(k);
    else url.searchParams.set(k, String(v));
  }
  if (url.href !== location.href) history.pushState(null, "", url);
}

/**
 * Binds an Observable input (or any element with `value` and an `input`
 * event) to the query parameter `name`. `write(value)` gives the parameter's
 * text (null: left out of the URL, as for the default); `read(text)` the
 * input's value, or undefined when the text is not a valid choice.
 */
export function bindToUrl(input, name, { read = (t) => t, write = (v) => v } = {}) {
  const fallback = input.value;
  const initial = param(name);
  if (initial !== null) {
    const value = read(initial);
    if (value !== undefined) {
      input.value = value;
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }
  let restoring = false;
  input.addEventListener("input", () => {
    if (!restoring) setParams({ [name]: write(input.value) });
  });
  const restore = () => {
    // an input a re-run cell replaced stops listening
    if (!input.isConnected) return removeEventListener("popstate", restore);
    const text = param(name);
    const value = text === null ? fallback : read(text);
    if (value === undefined) return;
    restoring = true;
    input.value = value;
    input.dispatchEvent(new Event("input", { bubbles: true }));
    restoring = false;
  };
  addEventListener("popstate", restore);
  return input;
}
