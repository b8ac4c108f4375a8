// A local fake of the BAN batch geocoder (`POST /search/csv`), speaking its format.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeAnswer {
  latitude: number;
  longitude: number;
  score: number;
}

export interface FakeBan {
  url: string;
  /** Every CSV received, as text. */
  received: string[];
  close(): void;
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** The CSV file part of a multipart body. */
function csvPart(multipart: string): string {
  const start = multipart.indexOf("cle,adresse,citycode");
  const end = multipart.indexOf("\r\n--", start);
  return multipart.slice(start, end);
}

/**
 * `answer(adresse)` gives the position and score of an address; `tooMany`
 * answers that many requests with 429 and a Retry-After first.
 */
export async function fakeBan(
  answer: (adresse: string) => FakeAnswer | null,
  { tooMany = 0 } = {},
): Promise<FakeBan> {
  const received: string[] = [];
  let refused = 0;
  const server: Server = createServer(async (req, res) => {
    const text = await body(req);
    if (req.method !== "POST" || req.url !== "/search/csv") {
      res.writeHead(404).end();
      return;
    }
    if (refused < tooMany) {
      refused++;
      res.writeHead(429, { "retry-after": "2" }).end("Too Many Requests");
      return;
    }
    const csv = csvPart(text);
    received.push(csv);
    const [header, ...lines] = csv.split("\n");
    const out = [
      `${header},latitude,longitude,result_label,result_score,result_citycode,result_status`,
    ];
    for (const line of lines.filter(Boolean)) {
      const [cle, adresse, citycode] = line.split(",");
      const a = answer(adresse!);
      out.push(
        a
          ? `${line},${a.latitude},${a.longitude},${adresse},${a.score},${citycode},ok`
          : `${line},,,,,,not-found`,
      );
      void cle;
    }
    res.writeHead(200, { "content-type": "text/csv; charset=utf-8" }).end(out.join("\n"));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, close: () => server.close() };
}
