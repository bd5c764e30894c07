// Renders the Teams app's two icons from their SVG sources, once (the PNGs are committed):
// teams/color.png (192×192) and teams/outline.png (32×32, white on transparent).
//   node scripts/teams-icons.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { URL } from 'node:url';
import { Resvg } from '@resvg/resvg-js';

const dir = new URL('../teams/', import.meta.url);
for (const [svg, png, size] of [
  ['icon-color.svg', 'color.png', 192],
  ['icon-outline.svg', 'outline.png', 32],
]) {
  const out = new Resvg(readFileSync(new URL(svg, dir)), { fitTo: { mode: 'width', value: size }, background: 'rgba(0,0,0,0)' }).render();
  writeFileSync(new URL(png, dir), out.asPng());
}
