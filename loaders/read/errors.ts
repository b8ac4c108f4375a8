/** A file that cannot be read as an export at all: the whole file is refused. */
export class FileRefusedError extends Error {
  constructor(
    readonly file: string,
    readonly reasons: string[],
  ) {
    super(`${file} : ${reasons.join(" ; ")}`);
    this.name = "FileRefusedError";
  }
}
