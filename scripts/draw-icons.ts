// Redraws Conduct's Teams icons (manifest/icons/color.png and outline.png) from the mark in
// scripts/teams-app/icons.ts. The PNGs are committed; run this only when the mark changes.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { drawColourIcon, drawOutlineIcon } from './teams-app/icons';
import { encodePng } from './teams-app/png';
import { iconFiles } from './teams-app/paths';

writeFileSync(iconFiles.colour, encodePng(drawColourIcon()));
writeFileSync(iconFiles.outline, encodePng(drawOutlineIcon()));
console.log(
  `Wrote ${path.relative(process.cwd(), iconFiles.colour)} and ${path.relative(process.cwd(), iconFiles.outline)}`,
);
