// What a page fetches by key outside Framework's files (loaders/site/keyed-files.ts):
// `<folder>/<cle>/<name>.json` of the built site.

/** The JSON file `name` of `folder`, under the build's key `cle`, from the site at `base`. */
export async function fetchKeyed(base, folder, cle, name) {
  const url = new URL(
    `${folder}/${encodeURIComponent(cle)}/${encodeURIComponent(name)}.json`,
    base,
  );
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${folder} indisponibles (${response.status})`);
  return response.json();
}

/** The département's code in a bilan's address: `/departement/59`. */
export function codeFromPath(pathname) {
  const m = /\/departement\/([^/]+?)(?:\.html)?\/?$/.exec(pathname);
  return m ? decodeURIComponent(m[1]) : "";
}

/**
 * A bilan's own files, fetched at once: each keyed folder's file for département
 * `code`, from the data file that holds the folder's key (`{ actions: FileAttachment(…) }`).
 */
export async function departementFiles(code, folders) {
  const base = new URL("..", location.href);
  const entries = await Promise.all(
    Object.entries(folders).map(async ([folder, keyFile]) => [
      folder,
      await fetchKeyed(base, folder, (await keyFile.json()).cle, code),
    ]),
  );
  return Object.fromEntries(entries);
}
