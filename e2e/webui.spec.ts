import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { missingTestModels, testModels } from '../test/testModels.js';
import { buildWebUi, launchBrowser, newPage, repoRoot, screenshot, startHearth } from './fixtures.js';
import { ChatScreen } from './pages/ChatScreen.js';
import { ApiKeyDialog } from './pages/ApiKeyDialog.js';
import { ApiKeyStore } from '../main/keys/ApiKeyStore.js';

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
  await screen.waitForModel(model);
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

test('with keys required the UI asks for a key, shows the command for this data dir, keeps, switches and forgets it', { skip: noModel }, async (t) => {
  const browser = await launchBrowser(t);
  if (typeof browser === 'string') return t.skip(browser);
  const hearth = await startHearth(t, { models: [model], webUiDir: await buildWebUi(), requireApiKeys: true });
  // As `npm run hearth -- keys create` does: the running server picks the key up from the data dir.
  const keys = await ApiKeyStore.open(hearth.dataDir);
  const admin = await keys.create({ alias: 'admin', role: 'admin' });
  await keys.close();
  const { page, pageErrors } = await newPage(t, browser);

  await page.goto(hearth.url);
  const dialog = new ApiKeyDialog(page);
  await dialog.root.waitFor();
  assert.equal(await dialog.root.getAttribute('aria-modal'), 'true');
  assert.equal(await dialog.root.evaluate((element) => element.tagName), 'DIALOG');
  const command = (await dialog.command.textContent()) ?? '';
  assert.ok(command.endsWith(`keys create --alias web-ui --role admin --data-dir ${hearth.dataDir}`), command);
  await screenshot(page, 'webui-api-key');
  await dialog.submit('hearth_wrong_key');
  await dialog.error.filter({ hasText: 'did not accept' }).waitFor();
  await dialog.submit(admin.key);
  await dialog.root.waitFor({ state: 'detached' });

  const screen = new ChatScreen(page);
  await screen.waitForModel(model);
  assert.equal(await page.evaluate(() => localStorage.getItem('hearth.apiKey')), admin.key);
  await page.reload();
  await screen.waitForModel(model);
  assert.equal(await dialog.root.count(), 0, 'the saved key is used after a reload');

  // Switch: a wrong key is refused and the working one stays; forget: the prompt comes back.
  await page.getByTestId('key-button').click();
  await dialog.submit('hearth_another_wrong_key');
  await dialog.error.filter({ hasText: 'did not accept' }).waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('hearth.apiKey')), admin.key);
  await dialog.forgetButton.click();
  await dialog.root.waitFor();
  await dialog.input.waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('hearth.apiKey')), null);
  assert.deepEqual(pageErrors, []);
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
    env: { ...process.env, HEARTH_GPU: 'false', HEARTH_LOG_LEVEL: 'silent', HEARTH_WEBUI_DIR: await buildWebUi() },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  assert.notEqual(code, 0);
  assert.match(stderr, new RegExp(`Port ${hearth.port} is already in use`));
});
