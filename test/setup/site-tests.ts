/** The test files that open the built sites (test/setup/shared.ts builds them once; they run last). */
export const SITE_TESTS: readonly string[] = [
  "test/site.test.ts",
  "test/site-navigation.test.ts",
  "test/carte.test.ts",
  "test/bilan.test.ts",
  "test/regression/damaged-export.test.ts",
  "test/regression/stumbles.test.ts",
  "test/build.test.ts",
  "test/suivi-site.test.ts",
  "test/open-data.test.ts",
];
