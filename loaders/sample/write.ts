// Writes a sample as a real export looks: per campagne, two Windows-1252 `;`
// CSV files, streamed so that memory does not grow with the scale (Node only).
import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import path from "node:path";
import { TABLE_FIELDS, type TableName } from "../export/fields.js";
import { geoDir, readCommunePlaces, readDepartements, readPostcodes } from "../geo/load.js";
import { encodeWindows1252 } from "../read/windows1252.js";
import { once } from "node:events";
import {
  sampleRows,
  type SampleOptions,
  type SampleReference,
  type SampleRow,
} from "./generate.js";

const FIELDS = TABLE_FIELDS;
const FILE_PREFIX: Record<TableName, string> = {
  Actions: "actions",
  Collectifs: "collectifs",
  Agréments: "agrements",
  Visites: "visites",
  Pratiques: "pratiques",
};

function csvLine(values: string[]): string {
  return (
    values.map((v) => (/[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(";") + "\r\n"
  );
}

class TableWriter {
  private buffer: string[] = [];
  private size = 0;
  readonly stream: WriteStream;

  constructor(
    readonly file: string,
    private readonly table: TableName,
  ) {
    this.stream = createWriteStream(file);
    this.push(csvLine(FIELDS[table].map((f) => f.header)));
  }

  private push(line: string): void {
    this.buffer.push(line);
    this.size += line.length;
  }

  write(row: SampleRow): boolean {
    this.push(csvLine(FIELDS[this.table].map((f) => row[f.name] ?? "")));
    return this.size < 1 << 20 || this.flush();
  }

  /** Returns false when the stream asks to wait. */
  flush(): boolean {
    const chunk = encodeWindows1252(this.buffer.join(""));
    this.buffer = [];
    this.size = 0;
    return this.stream.write(chunk);
  }

  async close(): Promise<void> {
    this.flush();
    await new Promise<void>((resolve, reject) =>
      this.stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
  }
}

export interface WrittenSample {
  files: string[];
  /** Rows written per table, the invalid ones included. */
  rows: Record<TableName, number>;
}

export async function loadSampleReference(dir: string = geoDir()): Promise<SampleReference> {
  const [departements, communes, postcodes] = await Promise.all([
    readDepartements(dir),
    readCommunePlaces(dir),
    readPostcodes(),
  ]);
  return {
    departements,
    communes,
    postcodes,
  };
}

export async function writeSample(
  ref: SampleReference,
  options: SampleOptions,
  out: string,
  /** Told of the rows written, every thousand (the command line's progress bar). */
  onRows: (rows: number) => void = () => {},
): Promise<WrittenSample> {
  mkdirSync(out, { recursive: true });
  const writers = new Map<string, TableWriter>();
  const rows: Record<TableName, number> = {
    Actions: 0,
    Collectifs: 0,
    Agréments: 0,
    Visites: 0,
    Pratiques: 0,
  };
  const total = () => Object.values(rows).reduce((a, b) => a + b, 0);
  for (const [table, campagne, row] of sampleRows(ref, options)) {
    const key = `${table}|${campagne}`;
    let writer = writers.get(key);
    if (!writer) {
      writer = new TableWriter(path.join(out, `${FILE_PREFIX[table]}-${campagne}.csv`), table);
      writers.set(key, writer);
    }
    rows[table]++;
    const written = total();
    if (written % 1000 === 0) onRows(written);
    // wait for the disk when the stream asks to: memory does not grow with the scale
    if (!writer.write(row)) await once(writer.stream, "drain");
  }
  await Promise.all([...writers.values()].map((w) => w.close()));
  onRows(total());
  return { files: [...writers.values()].map((w) => w.file).sort(), rows };
}
