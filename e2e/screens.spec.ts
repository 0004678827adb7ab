import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import type { Browser, Page } from 'playwright-core';
import { ApiKeyStore } from '../main/keys/ApiKeyStore.js';
import { startHfMirror, type HfMirror } from '../test/fixtures/hfMirror.js';
import { missingTestModels, testModelPath, testModels } from '../test/testModels.js';
import { buildWebUi, launchBrowser, newPage, screenshot, startHearth, suiteScope, type Hearth } from './fixtures.js';
import { ApiKeyDialog } from './pages/ApiKeyDialog.js';

const repo = 'test/tiny-GGUF';
const file = 'stories260K-F32.gguf';
const modelId = 'stories260K-F32';
const skip = missingTestModels([testModels.tiny, testModels.chatml]);

/**
 * The web UI's screens against a real headless server with keys required, its own data dir, and the local
 * Hugging Face stand-in: no route is faked. The steps build on each other, as a person's session would.
 */
describe('the web UI screens', { skip }, () => {
  let browser: Browser;
  let hearth: Hearth;
  let mirror: HfMirror;
  let page: Page;
  let pageErrors: string[];
  let adminKey: string;
  let userKey: string;
  const scope = suiteScope();

  before(async () => {
    mirror = await startHfMirror({ [repo]: { files: { [file]: testModelPath(testModels.tiny), 'stories260K-chatml-Q8_0.gguf': testModelPath(testModels.chatml) }, downloads: 7 } });
  });
  after(async () => {
    await scope.close();
    await mirror?.close();
  });

  const go = async (route: string) => {
    await page.goto(`${hearth.url}/#/${route}`);
    await page.getByTestId(`${route.split('/')[0]}-screen`).waitFor();
  };

  test('a first visit asks for an admin key with the command for this data dir', async (t) => {
    const launched = await launchBrowser(scope.t);
    if (typeof launched === 'string') return t.skip(launched);
    browser = launched;
    hearth = await startHearth(scope.t, { models: [testModels.chatml], webUiDir: await buildWebUi(), requireApiKeys: true, fixedPort: true, env: { HEARTH_HF_ENDPOINT: mirror.url } });
    // Made as `npm run hearth -- keys create` makes them: in the data dir, picked up by the running server.
    const keys = await ApiKeyStore.open(hearth.dataDir);
    adminKey = (await keys.create({ alias: 'me', role: 'admin' })).key;
    // The default rate limit (60 a minute, a burst of 10): the web UI's reads that go out together share one
    // request each (common/ipc/http/request.ts), so a reload stays within it; a 429 would show in pageErrors.
    userKey = (await keys.create({ alias: 'reader', role: 'user' })).key;
    await keys.close();
    ({ page, pageErrors } = await newPage(scope.t, browser));

    await page.goto(hearth.url);
    const dialog = new ApiKeyDialog(page);
    await dialog.root.waitFor();
    assert.match((await dialog.command.textContent()) ?? '', /--role admin --data-dir /);
    await screenshot(page, 'screens-first-visit');
    await dialog.submit(adminKey);
    await dialog.root.waitFor({ state: 'detached' });
    await page.getByTestId('server-status').filter({ hasText: 'Running' }).waitFor();
  });

  test('Discover: search the hub, see fit, download with progress, pause, resume', async () => {
    if (!page) return;
    mirror.setFault(`${repo}/${file}`, { bytesPerSecond: 120_000 });
    await go('discover');
    await page.getByTestId('catalog-entry').first().waitFor();
    await page.getByTestId('hub-search').fill('tiny');
    await page.getByTestId('hub-search').press('Enter');
    const result = page.getByTestId('search-result').filter({ hasText: repo });
    await result.getByRole('button', { name: 'Show files' }).click();
    const files = page.getByTestId('repo-files');
    await files.getByTestId('repo-file').first().waitFor();
    assert.equal(await files.getByRole('heading', { name: repo }).count(), 1);
    assert.match((await files.getByTestId('repo-file').filter({ hasText: file }).textContent()) ?? '', /F32.*fits this machine/);
    await screenshot(page, 'screens-discover-files');
    await files.getByRole('button', { name: `Download ${file}` }).click();

    const download = page.getByTestId('download').filter({ hasText: modelId });
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="download"] [role="progressbar"]')?.getAttribute('aria-valuenow')) > 5);
    assert.match((await download.getByTestId('download-facts').textContent()) ?? '', /KB\/s|MB\/s/);
    await page.getByTestId('downloads-indicator').waitFor();
    await screenshot(page, 'screens-discover-downloading');
    await download.getByTestId('download-pause').click();
    await download.getByTestId('download-state').filter({ hasText: 'Paused' }).waitFor();
    const servedAtPause = mirror.bytesServed(`${repo}/${file}`);
    mirror.setFault(`${repo}/${file}`, undefined);
    await page.getByTestId('download').filter({ hasText: modelId }).getByTestId('download-resume').click();
    await page.getByTestId('download').filter({ hasText: modelId }).first().getByTestId('download-state').filter({ hasText: 'Done' }).waitFor({ timeout: 30_000 });
    // Resumed, not started over: the second request asked for the rest only.
    assert.ok(mirror.requests.some((request) => request.range?.startsWith('bytes=') && request.range !== 'bytes=0-'), 'a ranged request resumed the file');
    assert.ok(mirror.bytesServed(`${repo}/${file}`) - servedAtPause < 1_185_376, 'fewer bytes than the whole file after the pause');
    await screenshot(page, 'screens-discover-done');
  });

  test('Models: the download is listed; load with progress; a changed load setting applies', async () => {
    if (!page) return;
    await go('models');
    const row = page.locator(`[data-testid="model-row"][data-model-id="${modelId}"]`);
    await row.waitFor();
    // Record every state the row shows, to see the load in progress and not just its end.
    // A string, not a function: tsx would wrap named closures in a helper the page does not have.
    await page.evaluate(`(() => {
      const seen = new Set();
      window.rowStates = seen;
      new MutationObserver(() => {
        const element = document.querySelector('[data-model-id="${modelId}"]');
        if (element) seen.add(element.getAttribute('data-state') + (element.querySelector('[role="progressbar"]') ? '+progress' : ''));
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    })()`);
    await row.getByTestId('model-toggle').click();
    await page.locator(`[data-model-id="${modelId}"][data-state="loaded"]`).waitFor({ timeout: 60_000 });
    const states = (await page.evaluate('[...window.rowStates]')) as string[];
    assert.ok(states.some((state) => state.endsWith('+progress')), `a progress bar showed while loading: ${states.join(', ')}`);
    await screenshot(page, 'screens-models-loaded');

    await row.getByRole('link', { name: modelId }).click();
    const details = page.getByTestId('model-details');
    await details.getByTestId('setting-contextSize').fill('huge');
    await details.getByTestId('settings-save').click();
    await details.locator('#setting-contextSize-error').waitFor();
    await details.getByTestId('setting-contextSize').fill('256');
    await details.getByTestId('settings-save').click();
    await details.getByTestId('settings-saved').waitFor();
    await screenshot(page, 'screens-models-settings');
    await row.getByTestId('model-toggle').click(); // unload
    await page.locator(`[data-model-id="${modelId}"][data-state="unloaded"]`).waitFor();
    await row.getByTestId('model-toggle').click(); // load with the new setting
    await page.locator(`[data-model-id="${modelId}"][data-state="loaded"]`).waitFor({ timeout: 60_000 });
    await details.getByText(/^256 tokens/).waitFor();
  });

  test('Keys: create one, use it with the openai client, see the request in the log, revoke it and get 401', async () => {
    if (!page) return;
    await go('keys');
    await page.getByTestId('key-alias').fill('my-app');
    await page.getByTestId('key-create').click();
    const created = page.getByTestId('created-key');
    await created.waitFor();
    const secret = ((await created.getByTestId('created-key-secret').textContent()) ?? '').trim();
    assert.match(secret, /^hearth_/);
    assert.match((await created.getByTestId('snippet-curl').textContent()) ?? '', new RegExp(`curl ${hearth.url}/v1/chat/completions`));
    assert.match((await created.getByTestId('snippet-openai').textContent()) ?? '', new RegExp(`baseURL: '${hearth.url}/v1'`));
    await screenshot(page, 'screens-keys-created');
    await created.getByRole('button', { name: 'I have copied it' }).click();

    const client = new OpenAI({ baseURL: `${hearth.url}/v1`, apiKey: secret, maxRetries: 0 });
    const reply = await client.completions.create({ model: modelId, prompt: 'Once upon a time', max_tokens: 4 });
    assert.ok(reply.choices[0]);

    await go('server');
    // The request may reach the log by the live feed after the page read it: wait for its key to be offered.
    await page.getByTestId('log-filter-key').locator('option', { hasText: 'my-app' }).waitFor({ state: 'attached' });
    await page.getByTestId('log-filter-key').selectOption('my-app');
    await page.getByTestId('log-row').filter({ hasText: '/v1/completions' }).filter({ hasText: 'my-app' }).waitFor();
    await page.getByTestId('stats-keys').getByText('my-app').waitFor();
    await screenshot(page, 'screens-server');

    await go('keys');
    const row = page.getByTestId('key-row').filter({ hasText: 'my-app' });
    await row.getByRole('button', { name: 'Revoke my-app' }).click();
    const confirm = page.getByTestId('confirm-dialog');
    assert.equal(await confirm.getAttribute('aria-modal'), 'true');
    await confirm.getByRole('button', { name: 'Revoke' }).click();
    await page.locator('[data-testid="key-row"][data-status="revoked"]').filter({ hasText: 'my-app' }).waitFor();
    await assert.rejects(client.models.list(), (error: unknown) => error instanceof OpenAI.AuthenticationError);
    await screenshot(page, 'screens-keys-revoked');
  });

  test('a user key sees read-only screens with a note, never silent failures', async (t) => {
    if (!page) return;
    const { page: reader, pageErrors: readerErrors } = await newPage(t, browser);
    await reader.goto(hearth.url);
    await reader.evaluate((key) => localStorage.setItem('hearth.apiKey', key), userKey);
    await reader.goto(`${hearth.url}/#/models`);
    await reader.reload();
    await reader.getByTestId('readonly-banner').waitFor();
    const toggle = reader.locator(`[data-model-id="${modelId}"]`).getByTestId('model-toggle');
    await toggle.waitFor();
    assert.equal(await toggle.isDisabled(), true);
    await screenshot(reader, 'screens-user-models');
    await reader.goto(`${hearth.url}/#/keys`);
    await reader.getByTestId('keys-readonly').waitFor();
    await reader.goto(`${hearth.url}/#/server`);
    await reader.getByTestId('server-readonly').waitFor();
    await screenshot(reader, 'screens-user-server');
    assert.deepEqual(readerErrors, []);
  });

  test('the server killed and started again: the UI says so, then recovers by itself', async () => {
    if (!page) return;
    await go('models');
    await hearth.server.stop();
    await page.getByTestId('offline-banner').waitFor({ timeout: 30_000 });
    await page.getByTestId('server-status').filter({ hasText: 'Not running' }).waitFor();
    await screenshot(page, 'screens-offline');
    await hearth.server.start();
    await page.getByTestId('offline-banner').waitFor({ state: 'detached', timeout: 30_000 });
    await page.getByTestId('server-status').filter({ hasText: 'Running' }).waitFor();
    await page.locator(`[data-model-id="${modelId}"]`).waitFor();
  });

  test('800×600: every screen fits without horizontal scrolling; the composer stays in view', async () => {
    if (!page) return;
    await page.setViewportSize({ width: 800, height: 600 });
    for (const route of ['chat', 'models', `models/${modelId}`, 'discover', 'keys', 'server', 'settings', 'welcome']) {
      await go(route);
      await page.waitForTimeout(300);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${route} scrolls sideways by ${overflow}px`);
      await screenshot(page, `screens-800-${route.replace('/', '-')}`);
    }
    await go('chat');
    const box = await page.getByTestId('chat-input').boundingBox();
    assert.ok(box && box.y + box.height <= 600, `the composer is in view: ${JSON.stringify(box)}`);
    await page.setViewportSize({ width: 1100, height: 720 });
  });

  test('keyboard only: the rail, a form, a real modal that keeps focus, Esc, visible focus', async () => {
    if (!page) return;
    await go('chat');
    await page.locator('body').click({ position: { x: 1, y: 300 } });
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.id ?? document.activeElement?.tagName);
    let reached = false;
    for (let i = 0; i < 20 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = (await focused()) === 'nav-keys';
    }
    assert.ok(reached, 'Tab reaches the Keys entry of the rail');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    assert.notEqual(outline, 'none', 'the focused link shows a focus ring');
    await page.keyboard.press('Enter');
    await page.getByTestId('keys-screen').waitFor();
    for (let i = 0; i < 30 && (await focused()) !== 'key-alias'; i++) await page.keyboard.press('Tab');
    assert.equal(await focused(), 'key-alias');
    await page.keyboard.type('keyboard-app');
    await page.keyboard.press('Enter');
    const created = page.getByTestId('created-key');
    await created.waitFor();
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      assert.ok(await created.evaluate((dialog) => dialog.contains(document.activeElement)), `focus stays in the dialog (Tab ${i + 1})`);
    }
    await page.keyboard.press('Escape');
    await created.waitFor({ state: 'detached' });
    await page.getByTestId('key-row').filter({ hasText: 'keyboard-app' }).waitFor();
    assert.deepEqual(pageErrors, []);
  });
});
