import type { RgbaImage } from './png';

/** Conduct's accent colour: the colour icon's background and the manifest's accentColor. */
export const accentColour = '#0F6B74';

type Point = readonly [number, number];

/**
 * Conduct's mark, a tick inside a ring ("accepted, on record"), on a 100 × 100 grid.
 * Drawn by hand here so the icons are our own and can be remade exactly.
 */
const mark = {
  ring: { centre: [50, 50] as Point, radius: 44, width: 8 },
  tick: { points: [[29, 52] as Point, [44, 66] as Point, [71, 37] as Point], width: 9 },
};

function distanceToSegment([px, py]: Point, [ax, ay]: Point, [bx, by]: Point): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function insideMark(point: Point): boolean {
  const { ring, tick } = mark;
  const fromCentre = Math.hypot(point[0] - ring.centre[0], point[1] - ring.centre[1]);
  if (Math.abs(fromCentre - ring.radius) <= ring.width / 2) return true;
  for (let i = 0; i + 1 < tick.points.length; i++) {
    if (distanceToSegment(point, tick.points[i]!, tick.points[i + 1]!) <= tick.width / 2) return true;
  }
  return false;
}

const samplesPerAxis = 4;

/** How much of each pixel the mark covers (0–1), with the mark scaled to `size` px at `offset`. */
function markCoverage(canvas: number, size: number, offset: number): Float64Array {
  const coverage = new Float64Array(canvas * canvas);
  const unit = 100 / size;
  for (let y = 0; y < canvas; y++) {
    for (let x = 0; x < canvas; x++) {
      let hits = 0;
      for (let sy = 0; sy < samplesPerAxis; sy++) {
        for (let sx = 0; sx < samplesPerAxis; sx++) {
          const gx = (x - offset + (sx + 0.5) / samplesPerAxis) * unit;
          const gy = (y - offset + (sy + 0.5) / samplesPerAxis) * unit;
          if (insideMark([gx, gy])) hits++;
        }
      }
      coverage[y * canvas + x] = hits / (samplesPerAxis * samplesPerAxis);
    }
  }
  return coverage;
}

function hexToRgb(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
}

/** The 192 × 192 colour icon: the white mark on the accent colour, filling the square. */
export function drawColourIcon(): RgbaImage {
  const size = 192;
  const coverage = markCoverage(size, 112, 40);
  const [r, g, b] = hexToRgb(accentColour);
  const pixels = new Uint8Array(size * size * 4);
  coverage.forEach((c, i) => {
    pixels.set([r + (255 - r) * c, g + (255 - g) * c, b + (255 - b) * c, 255].map(Math.round), i * 4);
  });
  return { width: size, height: size, pixels };
}

/** The 32 × 32 outline icon: the mark in white on transparency, as Teams requires. */
export function drawOutlineIcon(): RgbaImage {
  const size = 32;
  const coverage = markCoverage(size, 32, 0);
  const pixels = new Uint8Array(size * size * 4);
  coverage.forEach((c, i) => pixels.set([255, 255, 255, Math.round(255 * c)], i * 4));
  return { width: size, height: size, pixels };
}
