#!/usr/bin/env node
// Renders resources/icon.svg to the PNGs the app and tray use, with Debian's
// Chromium (HEARTH_CHROMIUM), so the SVG stays the one source of the artwork.
// Run after changing the SVG: node scripts/makeIcons.mjs
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const resources = fileURLToPath(new URL('../resources/', import.meta.url));
const svg = await readFile(path.join(resources, 'icon.svg'), 'utf8');
const outputs = [
  { file: 'icon.png', size: 512 },
  { file: 'tray.png', size: 32 },
  { file: 'tray@2x.png', size: 64 },
  // macOS template images are drawn in black and tinted by the menu bar.
  { file: 'trayTemplate.png', size: 32, template: true },
  { file: 'trayTemplate@2x.png', size: 64, template: true },
];

const browser = await chromium.launch({ executablePath: process.env.HEARTH_CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  for (const { file, size, template } of outputs) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    const style = `html,body{margin:0;background:transparent}svg{width:${size}px;height:${size}px;display:block}${template ? 'svg *{fill:#000 !important}svg rect{display:none}' : ''}`;
    await page.setContent(`<style>${style}</style>${svg}`);
    await page.screenshot({ path: path.join(resources, file), omitBackground: true });
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(`Wrote ${outputs.map((o) => o.file).join(', ')} to resources/`);
