import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { missingTestModels, testModels } from '../test/testModels.js';
import { buildWebUi, launchBrowser, newPage, screenshot, startHearth, suiteScope, type Hearth } from './fixtures.js';

const skip = missingTestModels([testModels.chatml]);
const model = testModels.chatml;

/** Ctrl+K against a real server: jump to a screen and load a model by typing, keyboard only. */
describe('the command palette', { skip }, () => {
  const scope = suiteScope();
  let hearth: Hearth;
  let page: Page;
  let pageErrors: string[];
  after(() => scope.close());

  const openPalette = async () => {
    await page.keyboard.press('Control+k');
    await page.getByTestId('palette-input').waitFor();
  };

  test('Ctrl+K opens it, typing filters, Enter goes to the screen and Esc closes', async (t) => {
    const browser = await launchBrowser(scope.t);
    if (typeof browser === 'string') return t.skip(browser);
    hearth = await startHearth(scope.t, { models: [model], webUiDir: await buildWebUi() });
    ({ page, pageErrors } = await newPage(scope.t, browser));
    await page.goto(`${hearth.url}/#/chat`);
    await page.getByTestId('server-status').filter({ hasText: 'Running' }).waitFor();

    await openPalette();
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'palette-input', 'the input has focus');
    await page.keyboard.type('sett');
    const items = page.getByTestId('palette-item');
    // The screen first; a model's details (its settings) match too, below it.
    assert.deepEqual(await items.allTextContents(), ['Settings', `Open ${model}`]);
    await screenshot(page, 'palette-filtered');
    await page.keyboard.press('Enter');
    await page.getByTestId('settings-screen').waitFor();
    assert.match(page.url(), /#\/settings$/);
    assert.equal(await page.getByTestId('command-palette').count(), 0, 'running a command closes the palette');

    await openPalette();
    await page.keyboard.press('Escape');
    await page.getByTestId('command-palette').waitFor({ state: 'detached' });
  });

  test('a model is loaded from the palette, and then offers Unload', async (t) => {
    if (!page) return t.skip('no browser');
    await openPalette();
    await page.keyboard.type(`load ${model}`);
    await page.getByTestId('palette-item').filter({ hasText: `Load ${model}` }).waitFor();
    // The best match is chosen first; Enter runs it.
    const selected = page.locator('[data-testid="palette-item"][data-selected="true"]');
    assert.equal(await selected.textContent(), `Load ${model}`);
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      async (id) => {
        const response = await fetch('/v1/models');
        const body = (await response.json()) as { data: { id: string; hearth: { state: string } }[] };
        return body.data.find((entry) => entry.id === id)?.hearth.state === 'loaded';
      },
      model,
      { timeout: 60_000 },
    );
    await openPalette();
    await page.keyboard.type(model);
    await page.getByTestId('palette-item').filter({ hasText: `Unload ${model}` }).waitFor();
    await page.setViewportSize({ width: 800, height: 600 });
    await screenshot(page, 'palette-800');
    await page.keyboard.press('Escape');
    assert.deepEqual(pageErrors, []);
  });
});
