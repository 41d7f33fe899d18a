// Renders public/icons/icon.svg into the PNG icons the web manifest lists, with the same
// Chromium the end-to-end tests use (ImageMagick is not on every machine). The PNGs are
// committed; run `node scripts/make-icons.mjs` after changing the SVG.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './chromium.mjs';

const icons = fileURLToPath(new URL('../public/icons/', import.meta.url));
const svg = readFileSync(`${icons}icon.svg`, 'utf8');
const tile = '#1d4ed8';

/**
 * The SVG at size px; a maskable icon keeps its mark inside the 80% safe zone on a full tile.
 * @param {number} size
 * @param {boolean} maskable
 */
function html(size, maskable) {
  const inner = maskable ? Math.round(size * 0.7) : size;
  const background = maskable ? tile : 'transparent';
  const dataUrl = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
  return `<!doctype html><body style="margin:0;width:${size}px;height:${size}px;display:grid;place-items:center;background:${background}">
<img src="${dataUrl}" width="${inner}" height="${inner}" alt=""></body>`;
}

const outputs = [
  { file: 'icon-192.png', size: 192, maskable: false },
  { file: 'icon-512.png', size: 512, maskable: false },
  { file: 'icon-maskable-512.png', size: 512, maskable: true },
];

const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
try {
  for (const { file, size, maskable } of outputs) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    await page.setContent(html(size, maskable));
    await page.screenshot({ path: `${icons}${file}`, omitBackground: !maskable });
    await page.close();
    console.log(`wrote public/icons/${file}`);
  }
} finally {
  await browser.close();
}
