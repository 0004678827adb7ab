import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { spawnUpstreamHearth, type UpstreamHearth } from '../test/upstreamHearth.js';
import { missingTestModels, testModels } from '../test/testModels.js';
import { buildWebUi, freePort, launchBrowser, newPage, screenshot, startHearth, suiteScope, type Hearth } from './fixtures.js';
import { BindingsPanel } from './pages/BindingsPanel.js';
import { ChatScreen } from './pages/ChatScreen.js';

const skip = missingTestModels([testModels.tiny, testModels.chatml]);
const upstreamKey = 'sk-upstream-secret-4f1c';
const alias = 'remote-chat';

/**
 * Settings → Bindings against a real headless Hearth with a second real Hearth process as the upstream:
 * a binding added in the form, its connection test listing the upstream's models (and exposing one more),
 * the remote model on the Models screen and in the chat picker, a chat with it, an unreachable upstream's
 * test in words, 800x600, delete with confirmation.
 */
describe('Settings → Bindings', { skip }, () => {
  let browser: Browser;
  let hearth: Hearth;
  let upstream: UpstreamHearth;
  let page: Page;
  let pageErrors: string[];
  let panel: BindingsPanel;
  const scope = suiteScope();
  after(() => scope.close());

  const openSettings = async () => {
    await page.goto(`${hearth.url}/#/settings`);
    await panel.root.waitFor();
  };
  const servedModels = async () => ((await (await fetch(`${hearth.url}/v1/models`)).json()) as { data: { id: string }[] }).data.map((model) => model.id);

  test('a binding added in the form; its test lists the upstream models and exposes one more; the key never comes back', async (t) => {
    const launched = await launchBrowser(scope.t);
    if (typeof launched === 'string') return t.skip(launched);
    browser = launched;
    upstream = await spawnUpstreamHearth([testModels.chatml, testModels.tiny]);
    scope.t.after(() => upstream.close());
    hearth = await startHearth(scope.t, { webUiDir: await buildWebUi() });
    ({ page, pageErrors } = await newPage(scope.t, browser));
    panel = new BindingsPanel(page);

    await openSettings();
    await panel.root.getByText('No bindings yet').waitFor();
    await panel.root.scrollIntoViewIfNeeded();
    await screenshot(page, 'bindings-empty');

    await panel.addButton.click();
    await panel.form.waitFor();
    await panel.fill({ name: 'gpu-box', baseUrl: `${upstream.url}/v1`, apiKey: upstreamKey, models: [{ name: testModels.chatml, alias }], timeoutSeconds: '60' });
    assert.match((await panel.form.getByTestId('binding-key-storage').textContent()) ?? '', /never shown again/);
    await screenshot(page, 'bindings-form');
    await panel.save();

    const row = panel.row('gpu-box');
    await row.waitFor();
    assert.equal(await row.getByTestId('binding-models').textContent(), `${alias} (${testModels.chatml})`);
    assert.match((await row.textContent()) ?? '', /stored in a file only you can read|stored encrypted by the system/);

    const answer = await panel.testConnection('gpu-box');
    assert.equal(await answer.getAttribute('data-testid'), 'binding-test-result', (await answer.textContent()) ?? '');
    assert.match((await answer.textContent()) ?? '', /Connected in \d+ ms/);
    const listed = await answer.getByTestId('binding-listed-model').locator('code').allTextContents();
    assert.deepEqual(listed.sort(), [testModels.chatml, testModels.tiny].sort());
    await answer.scrollIntoViewIfNeeded();
    await screenshot(page, 'bindings-tested');

    const expose = answer.getByRole('button', { name: `Expose ${testModels.tiny}` });
    await expose.click();
    await expose.waitFor({ state: 'detached' });
    assert.equal(await row.getByTestId('binding-models').textContent(), `${alias} (${testModels.chatml}), ${testModels.tiny}`);

    const admin = await (await fetch(`${hearth.url}/v1/admin/bindings`)).text();
    assert.ok(!admin.includes(upstreamKey), 'the admin API never returns the key');
    assert.match(admin, /"hasApiKey":true/);
    assert.deepEqual(pageErrors, []);
  });

  test('the remote model is on the Models screen and in the chat picker, and a chat with it streams a reply', async () => {
    if (!page) return;
    assert.ok((await servedModels()).includes(alias), 'served under its alias');
    await page.goto(`${hearth.url}/#/models`);
    const remoteRow = page.locator(`[data-testid="model-row"][data-model-id="${alias}"]`);
    await remoteRow.waitFor();
    assert.equal(await remoteRow.getAttribute('data-remote'), 'true');
    assert.match((await remoteRow.textContent()) ?? '', /served by gpu-box/);
    await screenshot(page, 'bindings-models-screen');

    await page.goto(`${hearth.url}/#/chat`);
    const chat = new ChatScreen(page);
    await chat.waitForModel(alias);
    await chat.selectModel(alias);
    await chat.send('Once upon a time');
    await chat.waitForReplyDone();
    const reply = chat.assistantMessages.last();
    assert.notEqual(await reply.getAttribute('data-status'), 'error', (await reply.textContent()) ?? '');
    assert.ok(((await chat.lastReply().textContent()) ?? '').trim().length > 0, 'the upstream wrote something');
    await screenshot(page, 'bindings-chat');
    assert.deepEqual(pageErrors, []);
  });

  test('an unreachable upstream: the test says so in words', async () => {
    if (!page) return;
    const port = await freePort();
    await openSettings();
    await panel.addButton.click();
    await panel.form.waitFor();
    await panel.fill({ name: 'nowhere', baseUrl: `http://127.0.0.1:${port}/v1`, models: [{ name: 'big-model' }], timeoutSeconds: '5' });
    await panel.save();
    const answer = await panel.testConnection('nowhere');
    const text = (await answer.textContent()) ?? '';
    assert.equal(await answer.getAttribute('data-testid'), 'binding-test-error', text);
    assert.match(text, new RegExp(`127\\.0\\.0\\.1:${port}`));
    assert.doesNotMatch(text, /Failed to fetch|undefined|\[object/);
    await panel.row('nowhere').scrollIntoViewIfNeeded();
    await screenshot(page, 'bindings-unreachable');
  });

  test('the form validates in words; 800x600 has no sideways scroll', async () => {
    if (!page) return;
    await panel.addButton.click();
    await panel.form.waitFor();
    await panel.fill({ name: '', baseUrl: 'gpu-box:8000' });
    await panel.form.getByTestId('binding-save').click();
    assert.match((await panel.form.textContent()) ?? '', /Give the binding a name\..*http:\/\/ or https:\/\//s);
    assert.equal(await panel.form.getByTestId('binding-url').getAttribute('aria-invalid'), 'true');
    await page.keyboard.press('Escape');
    await panel.form.waitFor({ state: 'detached' });

    await page.setViewportSize({ width: 800, height: 600 });
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await panel.row('gpu-box').scrollIntoViewIfNeeded();
    assert.ok((await overflow()) <= 0, 'the list fits 800 px');
    await screenshot(page, 'bindings-800-list');
    await panel.row('gpu-box').getByRole('button', { name: 'Edit gpu-box' }).click();
    await panel.form.waitFor();
    assert.equal(await panel.form.getByTestId('binding-key').inputValue(), '', 'the saved key is not put back in the form');
    assert.ok((await overflow()) <= 0, 'the form fits 800 px');
    await screenshot(page, 'bindings-800-form');
    await page.keyboard.press('Escape');
    await panel.form.waitFor({ state: 'detached' });
    await page.setViewportSize({ width: 1100, height: 720 });
  });

  test('delete asks first; the remote models go with the binding', async () => {
    if (!page) return;
    const row = panel.row('gpu-box');
    await row.getByRole('button', { name: 'Delete gpu-box' }).click();
    const confirm = page.getByTestId('confirm-dialog');
    await confirm.waitFor();
    await screenshot(page, 'bindings-delete-confirm');
    await confirm.getByRole('button', { name: 'Keep it' }).click();
    await confirm.waitFor({ state: 'detached' });
    assert.equal(await row.count(), 1, 'kept');

    await row.getByRole('button', { name: 'Delete gpu-box' }).click();
    await confirm.getByRole('button', { name: 'Delete binding' }).click();
    await row.waitFor({ state: 'detached' });
    assert.ok(!(await servedModels()).includes(alias), 'no longer served');
    assert.deepEqual(pageErrors, []);
  });
});
