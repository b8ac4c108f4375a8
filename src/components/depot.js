// The drop zone of the check page: the whole panel takes the files dropped on
// it, and holds a plain file input for the keyboard and for a click. Its value
// (for Framework's `view`) is the list of files chosen, null before any.

export function Depot({ id = "depot-fichiers", label, accept, aide }) {
  const form = document.createElement("form");
  form.className = "depot";
  form.addEventListener("submit", (event) => event.preventDefault());
  const titre = document.createElement("p");
  titre.className = "depot-titre";
  titre.setAttribute("aria-hidden", "true");
  titre.textContent = "Déposez les fichiers ici";
  const champ = document.createElement("label");
  champ.htmlFor = id;
  champ.textContent = label;
  const input = document.createElement("input");
  input.type = "file";
  input.id = id;
  input.multiple = true;
  input.accept = accept;
  // the browser's own button speaks the browser's language (« Choose Files »): ours speaks French
  input.className = "depot-champ";
  const bouton = document.createElement("span");
  bouton.className = "depot-bouton";
  bouton.setAttribute("aria-hidden", "true");
  bouton.textContent = "Choisir les fichiers…";
  champ.append(" ", bouton);
  const help = document.createElement("p");
  help.className = "depot-aide";
  help.id = `${id}-aide`;
  help.textContent = aide;
  input.setAttribute("aria-describedby", help.id);
  const choisis = document.createElement("p");
  choisis.className = "depot-choisis";
  choisis.setAttribute("aria-live", "polite");
  form.append(titre, input, champ, help, choisis);
  form.value = null;
  // the files chosen become the form's value before Framework reads it (capture phase);
  // the input is then emptied, so that choosing the same files again (corrected since)
  // checks them again — a browser says nothing when the same files are chosen twice
  form.addEventListener(
    "input",
    () => {
      if (!input.files?.length) return;
      form.value = [...input.files];
      choisis.textContent = `Fichiers choisis : ${form.value.map((f) => f.name).join(", ")}`;
      setTimeout(() => (input.value = ""));
    },
    true,
  );
  // dropped anywhere on the panel: the same as choosing them
  const survol = (on) => form.classList.toggle("survol", on);
  form.addEventListener("dragenter", (event) => {
    event.preventDefault();
    survol(true);
  });
  form.addEventListener("dragover", (event) => {
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = "copy";
    survol(true);
  });
  form.addEventListener("dragleave", (event) => {
    if (!form.contains(event.relatedTarget)) survol(false);
  });
  form.addEventListener("drop", (event) => {
    event.preventDefault();
    survol(false);
    const files = event.dataTransfer?.files;
    if (!files?.length) return;
    input.files = files;
    input.dispatchEvent(new Event("input", { bubbles: true }));
  });
  return form;
}
