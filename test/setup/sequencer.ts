// The browser tests last: the shared sites are built meanwhile (test/setup/shared.ts).
import { BaseSequencer, type TestSpecification } from "vitest/node";
import { SITE_TESTS } from "./site-tests.js";

export class SitesLast extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const opensSites = (f: TestSpecification) => SITE_TESTS.some((t) => f.moduleId.endsWith(t));
    return [...sorted.filter((f) => !opensSites(f)), ...sorted.filter(opensSites)];
  }
}
