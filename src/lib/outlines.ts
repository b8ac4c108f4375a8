// Outlines as the map of places loads them: each ring's points as whole
// multiples of 1/scale degree, each point the difference from the one before
// (small numbers that compress well: 30 KB gzipped instead of 78 for the
// départements). Shared by the data loader (encode) and the page (decode).

type Position = number[];
type Ring = Position[];

interface OutlineFeature {
  properties: { code: string; nom: string };
  geometry: { type: string; coordinates: unknown };
}

/** [code, nom, polygons: rings: flat deltas [dx0, dy0, dx1, dy1…]] */
export type PackedOutline = [string, string, number[][][]];

export interface PackedOutlines {
  scale: number;
  outlines: PackedOutline[];
}

function encodeRing(ring: Ring, scale: number): number[] {
  const out: number[] = [];
  let px = 0;
  let py = 0;
  for (const [x, y] of ring) {
    const X = Math.round(x! * scale);
    const Y = Math.round(y! * scale);
    out.push(X - px, Y - py);
    px = X;
    py = Y;
  }
  return out;
}

function decodeRing(deltas: number[], scale: number): Ring {
  const ring: Ring = [];
  let x = 0;
  let y = 0;
  for (let i = 0; i < deltas.length; i += 2) {
    x += deltas[i]!;
    y += deltas[i + 1]!;
    ring.push([x / scale, y / scale]);
  }
  return ring;
}

export function encodeOutlines(features: OutlineFeature[], scale: number): PackedOutlines {
  return {
    scale,
    outlines: features.map((f) => {
      const polygons = (
        f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates
      ) as Ring[][];
      return [
        f.properties.code,
        f.properties.nom,
        polygons.map((rings) => rings.map((r) => encodeRing(r, scale))),
      ];
    }),
  };
}

/** Back to a GeoJSON FeatureCollection of MultiPolygons, as MapLibre takes it. */
export function decodeOutlines(packed: PackedOutlines) {
  return {
    type: "FeatureCollection" as const,
    features: packed.outlines.map(([code, nom, polygons]) => ({
      type: "Feature" as const,
      properties: { code, nom },
      geometry: {
        type: "MultiPolygon" as const,
        coordinates: polygons.map((rings) => rings.map((r) => decodeRing(r, packed.scale))),
      },
    })),
  };
}
