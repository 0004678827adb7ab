import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { missingTestModels, testModels } from '../test/testModels.js';
import { buildWebUi, launchBrowser, newPage, repoRoot, screenshot, startHearth } from './fixtures.js';
import { ChatScreen } from './pages/ChatScreen.js';
import { ApiKeyDialog } from './pages/ApiKeyDialog.js';

const model = testModels.chatml;
const noModel = missingTestModels([model]);

test('the web UI loads, lists the model and streams a chat reply', { skip: noModel }, async (t) => {
  const browser = await launchBrowser(t);
  if (typeof browser === 'string') return t.skip(browser);
  const hearth = await startHearth(t, { models: [model], webUiDir: await buildWebUi() });
  assert.equal(hearth.status.state, 'running', hearth.status.error);

  const { page, pageErrors } = await newPage(t, browser);
  const response = await page.goto(hearth.url);
  assert.match(response?.headers()['content-security-policy'] ?? '', /script-src 'self'/);
  const screen = new ChatScreen(page);
  await screen.status.filter({ hasText: 'Running' }).waitFor();
  assert.equal(await screen.serverUrl.textContent(), hearth.url);
  await screen.model(model).waitFor();
  assert.match((await screen.model(model).textContent()) ?? '', /on disk|loaded/);

  // Record every value the reply shows, to tell a stream from one late answer.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { replyStates: string[] }).replyStates = seen;
    new MutationObserver(() => {
      const text = document.querySelector('[data-testid="message-assistant"]:last-of-type .message-text')?.textContent ?? '';
      if (text && text !== '…' && seen.at(-1) !== text) seen.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await screen.selectModel(model);
  await screen.send('Once upon a time');
  await screen.userMessages.filter({ hasText: 'Once upon a time' }).waitFor();
  // The tiny model may write until its context is full; a few pieces are enough, then Stop.
  await page.waitForFunction(() => (window as unknown as { replyStates: string[] }).replyStates.length >= 3, undefined, { timeout: 60_000 });
  await screenshot(page, 'webui-chat-streaming');
  if (await screen.stopButton.isVisible()) await screen.stopButton.click().catch(() => undefined);
  await screen.waitForReplyDone();

  const states = await page.evaluate(() => (window as unknown as { replyStates: string[] }).replyStates);
  const finalText = (await screen.lastReply().textContent()) ?? '';
  assert.ok(finalText.trim().length > 0, 'the reply has text');
  assert.ok(states.length >= 3, `the reply grew in pieces: ${states.length}`);
  assert.ok(states.every((state, index) => index === 0 || state.startsWith(states[index - 1]!.slice(0, -1))), 'each piece extends the last');
  await screen.sendButton.waitFor();
  await screenshot(page, 'webui-chat-done');
  assert.deepEqual(pageErrors, []);
});

test('when the server answers 401 the UI asks for a key, keeps it, and sends it', { skip: noModel }, async (t) => {
  const browser = await launchBrowser(t);
  if (typeof browser === 'string') return t.skip(browser);
  const hearth = await startHearth(t, { models: [model], webUiDir: await buildWebUi() });
  const { page } = await newPage(t, browser);
  // Until the key service lands, the server's 401 is played by a route that wants one key.
  const authorizations: string[] = [];
  await page.route(`${hearth.url}/v1/**`, async (route) => {
    const authorization = route.request().headers().authorization ?? '';
    authorizations.push(authorization);
    if (authorization === 'Bearer hearth_test_key') return route.continue();
    await route.fulfill({
      status: 401,
      contentType: 'application/json',
      body: JSON.stringify({ error: { message: 'Missing or invalid API key.', type: 'authentication_error', param: null, code: 'invalid_api_key' } }),
    });
  });

  await page.goto(hearth.url);
  const dialog = new ApiKeyDialog(page);
  await dialog.root.waitFor();
  await screenshot(page, 'webui-api-key');
  await dialog.submit('wrong');
  await dialog.error.filter({ hasText: 'did not accept' }).waitFor();
  await dialog.submit('hearth_test_key');
  await dialog.root.waitFor({ state: 'detached' });

  const screen = new ChatScreen(page);
  await screen.model(model).waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('hearth.apiKey')), 'hearth_test_key');
  assert.ok(authorizations.includes('Bearer hearth_test_key'));

  await page.reload();
  await screen.model(model).waitFor();
  assert.equal(await dialog.root.count(), 0, 'the saved key is used after a reload');
});

test('a corrupt settings file stops the start with a clear error', async (t) => {
  const hearth = await startHearth(t, { corruptSettings: true });
  assert.equal(hearth.status.state, 'error');
  assert.match(hearth.status.error ?? '', /settings\.json is not valid/);
  assert.match(hearth.status.error ?? '', /Fix or delete it/);
});

test('a busy port stops the start with a clear error', async (t) => {
  const hearth = await startHearth(t, { busyPort: true });
  assert.equal(hearth.status.state, 'error');
  assert.match(hearth.status.error ?? '', new RegExp(`Port ${hearth.port} is already in use`));
});

test('npm run serve on a busy port exits non-zero and names the port', async (t) => {
  const hearth = await startHearth(t, { busyPort: true });
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'hearth.mjs'), 'serve', '--port', String(hearth.port), '--no-auth', '--data-dir', hearth.dataDir], {
    env: { ...process.env, HEARTH_GPU: 'false', HEARTH_LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  assert.notEqual(code, 0);
  assert.match(stderr, new RegExp(`Port ${hearth.port} is already in use`));
});
