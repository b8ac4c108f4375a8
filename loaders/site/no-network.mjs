// Preloaded into the Framework build: any attempt to reach the network fails
// the build, so that a site that builds here builds offline.
globalThis.fetch = async (input) => {
  throw new Error(
    `requête réseau refusée pendant la construction du site : ${String(input?.url ?? input)}`,
  );
};
