import { readFileSync } from 'node:fs';
import { drawColourIcon, drawOutlineIcon } from '../../scripts/teams-app/icons';
import { iconFiles } from '../../scripts/teams-app/paths';
import { decodePng, type RgbaImage } from '../../scripts/teams-app/png';

type Pixel = [red: number, green: number, blue: number, alpha: number];

const pixelsOf = (image: RgbaImage): Pixel[] =>
  Array.from(
    { length: image.width * image.height },
    (_, i) => [...image.pixels.subarray(i * 4, i * 4 + 4)] as Pixel,
  );

describe('the Teams icons', () => {
  const colour = decodePng(readFileSync(iconFiles.colour));
  const outline = decodePng(readFileSync(iconFiles.outline));

  it('has a 192 × 192 colour icon that is fully opaque and shows a mark on a background', () => {
    expect([colour.width, colour.height]).toEqual([192, 192]);
    const pixels = pixelsOf(colour);
    expect(pixels.every(([, , , alpha]) => alpha === 255)).toBe(true);
    const white = pixels.filter(([r, g, b]) => r === 255 && g === 255 && b === 255).length;
    expect(white / pixels.length).toBeGreaterThan(0.05);
    expect(white / pixels.length).toBeLessThan(0.5);
  });

  it('has a 32 × 32 outline icon drawn in white on transparency', () => {
    expect([outline.width, outline.height]).toEqual([32, 32]);
    const pixels = pixelsOf(outline);
    expect(pixels.filter(([r, g, b, alpha]) => alpha > 0 && (r !== 255 || g !== 255 || b !== 255))).toEqual(
      [],
    );
    expect(pixels.filter(([, , , alpha]) => alpha === 0).length).toBeGreaterThan(pixels.length / 2);
    expect(pixels.some(([, , , alpha]) => alpha === 255)).toBe(true);
    expect(pixels[0]![3]).toBe(0);
  });

  it('commits exactly the icons scripts/draw-icons.ts draws', () => {
    expect(Buffer.from(colour.pixels).equals(Buffer.from(drawColourIcon().pixels))).toBe(true);
    expect(Buffer.from(outline.pixels).equals(Buffer.from(drawOutlineIcon().pixels))).toBe(true);
  });
});
