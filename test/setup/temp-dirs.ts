// Each test file's temporary folders go when the file's tests end: a run leaves
// nothing in the system's temp folder.
import { afterAll } from "vitest";
import { removeTempDirs } from "../helpers/temp.js";

afterAll(removeTempDirs);
