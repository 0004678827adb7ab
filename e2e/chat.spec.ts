import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { ConversationRecord } from '../common/conversations.js';
import { RagClient } from '../test/ragClient.js';
import { missingTestModels, testModels } from '../test/testModels.js';
import { buildWebUi, launchBrowser, newPage, screenshot, startHearth, suiteScope, type Hearth } from './fixtures.js';
import { ChatScreen } from './pages/ChatScreen.js';

const model = testModels.chatml;
const skip = missingTestModels([testModels.tiny, testModels.chatml]);

/** What a hostile model (or a pasted answer) could write: it must render as Markdown and run nothing. */
const hostileReply = [
  'Here is **bold** text and a list:',
  '',
  '- first item',
  '- second item',
  '',
  '```js',
  'const answer = 42;',
  '```',
  '',
  '<script>window.__hearthXss = "script"</script>',
  '<img src=x onerror="window.__hearthXss = \'img\'">',
  '',
  '[a link](https://example.com/page) and [a trap](javascript:window.__hearthXss=\'link\')',
].join('\n');

/**
 * The chat screen against a real headless server: conversations stored by the server, replies from the tiny
 * model (mechanics only: what is shown, marked and kept), hostile content put in through the real API.
 */
describe('the chat screen', { skip }, () => {
  let browser: Browser;
  let hearth: Hearth;
  let page: Page;
  let pageErrors: string[];
  let chat: ChatScreen;
  let firstId: string;
  const scope = suiteScope();
  after(() => scope.close());

  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${hearth.url}${path}`, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
    assert.ok(response.ok, `${method} ${path}: ${response.status} ${await response.clone().text()}`);
    return (await response.json()) as T;
  };
  /** The stored conversation once `check` holds: the page saves after it shows a reply, so a read may come first. */
  const storedWhen = async (id: string, check: (record: ConversationRecord) => boolean): Promise<ConversationRecord> => {
    let record = await api<ConversationRecord>('GET', `/v1/hearth/conversations/${id}`);
    for (let tries = 0; !check(record) && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      record = await api<ConversationRecord>('GET', `/v1/hearth/conversations/${id}`);
    }
    return record;
  };
  const openConversation = async (id: string) => {
    await page.goto(`${hearth.url}/#/chat/${encodeURIComponent(id)}`);
    await page.locator(`[data-conversation-id="${id}"][aria-current="page"]`).waitFor();
  };

  test('a first message starts a stored conversation named in the URL, with the chat-capable model picked', async (t) => {
    const launched = await launchBrowser(scope.t);
    if (typeof launched === 'string') return t.skip(launched);
    browser = launched;
    hearth = await startHearth(scope.t, { models: [testModels.tiny, model], webUiDir: await buildWebUi(), fixedPort: true });
    ({ page, pageErrors } = await newPage(scope.t, browser));
    chat = new ChatScreen(page);
    await page.goto(`${hearth.url}/#/chat`);
    await chat.waitForModel(model);
    // Nothing is loaded: the model with a chat template is chosen, never the one without.
    assert.equal(await chat.picker.inputValue(), model);
    await page.getByText('No conversations yet').waitFor();
    await screenshot(page, 'chat-empty');

    await chat.send('Once upon a time');
    await chat.waitForReplyDone();
    await page.waitForURL(/#\/chat\/.+/);
    firstId = (await chat.openId())!;
    await chat.conversationItems().filter({ hasText: 'Once upon a time' }).waitFor();
    assert.match((await chat.lastReply().textContent()) ?? '', /\S/);
    await page.getByTestId('reply-stats').filter({ hasText: /\d+ tokens · [\d.]+ tokens\/s/ }).waitFor();
    await page.getByTestId('context-meter').filter({ hasText: /Context [\d,]+ \/ [\d,]+/ }).waitFor();
    const stored = await storedWhen(firstId, (record) => record.messages.length === 2 && record.messages[1]!.status !== undefined);
    assert.deepEqual(stored.messages.map((message) => message.role), ['user', 'assistant']);
    assert.equal(stored.settings.model, model);
    await screenshot(page, 'chat-reply');
  });

  test('regenerate replaces the last reply; edit and resend replaces the message and what followed', async () => {
    if (!page) return;
    const before = await api<ConversationRecord>('GET', `/v1/hearth/conversations/${firstId}`);
    await page.getByTestId('regenerate').click();
    await chat.waitForReplyDone();
    await page.getByTestId('regenerate').waitFor();
    let after = await storedWhen(firstId, (record) => record.messages[1]?.id !== before.messages[1]!.id && record.messages[1]?.status !== undefined);
    assert.equal(after.messages.length, 2);
    assert.notEqual(after.messages[1]!.id, before.messages[1]!.id, 'a new reply');
    assert.equal(await chat.assistantMessages.count(), 1);

    await chat.send('The cat sat down');
    await chat.waitForReplyDone();
    assert.equal(await chat.assistantMessages.count(), 2);
    await chat.userMessages.first().getByTestId('edit-message').click();
    await page.getByTestId('edit-input').fill('A dog ran to the sea');
    await screenshot(page, 'chat-editing');
    await page.getByTestId('edit-send').click();
    await chat.waitForReplyDone();
    await chat.userMessages.filter({ hasText: 'A dog ran to the sea' }).waitFor();
    assert.equal(await chat.userMessages.count(), 1);
    assert.equal(await chat.assistantMessages.count(), 1);
    after = await storedWhen(firstId, (record) => record.messages[0]?.content.startsWith('A dog ran to the sea') === true && record.messages.length === 2 && record.messages[1]!.status !== undefined);
    assert.deepEqual(after.messages.map((message) => message.content.slice(0, 20)).slice(0, 1), ['A dog ran to the sea']);
    assert.equal(after.messages.length, 2);
  });

  test('stop keeps the partial reply, marked as stopped', async () => {
    if (!page) return;
    // The tiny model writes hundreds of tokens a second: the Stop button is pressed the moment the first piece shows.
    await page.evaluate(() => {
      const observer = new MutationObserver(() => {
        const streaming = document.querySelector('[data-streaming] .markdown');
        const stop = document.querySelector<HTMLButtonElement>('[data-testid="chat-stop"]');
        if (streaming?.textContent && stop) {
          observer.disconnect();
          stop.click();
        }
      });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await chat.send('Tell me a very long story about a cat');
    await chat.waitForReplyDone();
    const last = chat.assistantMessages.last();
    await last.getByTestId('reply-marker').filter({ hasText: 'Stopped' }).waitFor();
    assert.match((await last.locator('.message-text').textContent()) ?? '', /\S/, 'the partial text stays');
    const stored = await storedWhen(firstId, (record) => record.messages.at(-1)?.status === 'stopped');
    assert.equal(stored.messages.at(-1)!.status, 'stopped');
    await screenshot(page, 'chat-stopped');
  });

  test('a server that stops mid-reply leaves the partial text with the error in place, and Retry answers again', async () => {
    if (!page) return;
    await page.getByTestId('new-chat').click();
    await page.waitForURL(/#\/chat$/);
    await chat.send('Tell me about a dog and a cat');
    await page.waitForFunction(() => (document.querySelector('[data-streaming] .markdown')?.textContent ?? '').length > 0, undefined, { timeout: 60_000 });
    await hearth.server.stop();
    const last = chat.assistantMessages.last();
    const error = last.getByTestId('reply-error');
    await error.waitFor();
    assert.match((await last.locator('.message-text').textContent()) ?? '', /\S/, 'what streamed stays');
    await screenshot(page, 'chat-dropped');
    await hearth.server.start();
    await chat.status.filter({ hasText: 'Running' }).waitFor({ timeout: 60_000 });
    assert.match((await error.textContent()) ?? '', /closed before the reply was complete/);
    // The save that failed while the server was gone is made once it is back: the partial reply is stored,
    // and the URL then names the conversation (the save may land a moment after the status says Running).
    await page.waitForURL(/#\/chat\/[^/]+$/, { timeout: 20_000 });
    const id = (await chat.openId())!;
    let stored: ConversationRecord['messages'][number] | undefined;
    for (const deadline = Date.now() + 20_000; Date.now() < deadline && stored?.status !== 'error'; await new Promise((resolve) => setTimeout(resolve, 250))) {
      stored = (await api<ConversationRecord>('GET', `/v1/hearth/conversations/${id}`)).messages.at(-1);
    }
    assert.equal(stored?.status, 'error');
    assert.ok(stored!.content.length > 0, 'the partial text is stored');
    await last.getByTestId('reply-retry').click();
    await chat.waitForReplyDone();
    await chat.assistantMessages.last().getByTestId('regenerate').waitFor();
    assert.equal(await chat.assistantMessages.count(), 1, 'the failed reply was replaced');
    assert.equal(await chat.assistantMessages.last().getByTestId('reply-error').count(), 0);
  });

  test('Markdown and code render; script, onerror and javascript: links in model output stay inert', async () => {
    if (!page) return;
    const hostile = await api<ConversationRecord>('POST', '/v1/hearth/conversations', {
      title: 'Hostile output',
      settings: { model },
      messages: [
        { id: 'u1', role: 'user', content: 'Show me some Markdown', createdAt: Date.now() },
        { id: 'a1', role: 'assistant', content: hostileReply, createdAt: Date.now(), model, status: 'complete' },
      ],
    });
    await openConversation(hostile.id);
    const reply = chat.assistantMessages.last();
    await reply.locator('strong', { hasText: 'bold' }).waitFor();
    assert.equal(await reply.locator('ul > li').count(), 2);
    const code = reply.locator('pre code');
    assert.equal((await code.textContent())?.trim(), 'const answer = 42;');
    assert.ok((await code.locator('.hljs-keyword').count()) > 0, 'the code is highlighted');
    await reply.getByTestId('copy-code').waitFor();
    assert.equal(await reply.locator('script, img, iframe').count(), 0, 'no raw HTML became elements');
    const link = reply.locator('a', { hasText: 'a link' });
    assert.equal(await link.getAttribute('target'), '_blank');
    assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
    const trap = reply.locator('a', { hasText: 'a trap' });
    if ((await trap.count()) > 0) {
      assert.ok(!((await trap.getAttribute('href')) ?? '').startsWith('javascript:'), 'a javascript: link is not kept');
      await trap.click();
    }
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => (window as unknown as { __hearthXss?: string }).__hearthXss), undefined, 'nothing from the reply ran');
    await screenshot(page, 'chat-markdown');
  });

  test('a long conversation on a small context keeps answering, with a note of what was left out', async () => {
    if (!page) return;
    const messages = Array.from({ length: 150 }, (_, i) => ({
      id: `m${i}`,
      role: i % 2 === 0 ? 'user' : 'assistant',
      content: `Turn ${i}: the little cat walked to the park and played with a red ball all day.`,
      createdAt: Date.now(),
      ...(i % 2 === 1 ? { model, status: 'complete' } : {}),
    }));
    const long = await api<ConversationRecord>('POST', '/v1/hearth/conversations', { title: 'A long one', settings: { model }, messages });
    await openConversation(long.id);
    await chat.send('And then what happened?');
    await chat.waitForReplyDone();
    const note = page.getByTestId('omitted-note');
    await note.waitFor();
    assert.match((await note.textContent()) ?? '', /^\d+ earlier messages were left out to fit the model's [\d,]+-token context\.$/);
    assert.equal(await chat.assistantMessages.last().getByTestId('reply-error').count(), 0);
    assert.match((await chat.lastReply().textContent()) ?? '', /\S/);
    await screenshot(page, 'chat-long-conversation');
  });

  test('a datastore attached in the settings grounds the answer, and a citation opens its passage', async () => {
    if (!page) return;
    const rag = new RagClient(hearth.url);
    const datastore = await rag.create({ name: 'Field notes', model: testModels.tiny, chunkSize: 48, chunkOverlap: 0 });
    const upload = await rag.upload(datastore.id, [
      { name: 'notes.md', type: 'text/markdown', data: '# Field notes\n\nThe lake was cold in the morning.\n\nThe quetzalcoatlus was a pterosaur as tall as a giraffe.\n\nWe walked home at dusk.\n' },
    ]);
    assert.equal((await rag.waitForJob(upload.body.id)).state, 'completed');

    await page.getByTestId('new-chat').click();
    await page.waitForURL(/#\/chat$/);
    await page.getByTestId('open-chat-settings').click();
    const settings = page.getByTestId('chat-settings');
    await settings.getByTestId('attach-Field notes').check();
    await screenshot(page, 'chat-settings');
    await settings.getByTestId('chat-settings-save').click();
    await settings.waitFor({ state: 'detached' });
    await page.getByTestId('attached-datastores').filter({ hasText: 'Field notes' }).waitFor();
    await chat.send('What do we know about the quetzalcoatlus?');
    await chat.waitForReplyDone();
    const citations = chat.assistantMessages.last().getByTestId('citation');
    await citations.first().waitFor();
    assert.match((await citations.first().textContent()) ?? '', /\[1\] .*Field notes.*score \d/);
    // The rare keyword's passage is among those cited (BM25 finds it; the tiny model's answer is not judged).
    const count = await citations.count();
    let found = false;
    for (let i = 0; i < count && !found; i++) {
      await citations.nth(i).click();
      const passage = page.getByTestId('citation-passage');
      found = /quetzalcoatlus/.test((await passage.textContent()) ?? '');
      if (found) await screenshot(page, 'chat-citation');
      await page.keyboard.press('Escape');
      await passage.waitFor({ state: 'detached' });
    }
    assert.ok(found, 'a citation opens the keyword passage');
    await screenshot(page, 'chat-grounded');
  });

  test('rename, search, export, delete with undo', async () => {
    if (!page) return;
    await openConversation(firstId);
    await page.getByTestId('rename-conversation').click();
    await page.getByTestId('rename-input').fill('Dogs at sea');
    await page.getByTestId('rename-save').click();
    await page.getByTestId('conversation-title').filter({ hasText: 'Dogs at sea' }).waitFor();
    await chat.conversationItems().filter({ hasText: 'Dogs at sea' }).waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-markdown').click()]);
    assert.match(download.suggestedFilename(), /\.md$/);
    assert.match(await readFile((await download.path())!, 'utf8'), /A dog ran to the sea/);

    await page.getByTestId('conversation-search').fill('quetzalcoatlus');
    await chat.conversationItems().first().waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="conversation-item"]').length === 1);
    await page.getByTestId('conversation-search').fill('');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="conversation-item"]').length >= 4);

    await page.getByTestId('delete-conversation').click();
    await page.getByTestId('undo-delete').waitFor();
    await page.waitForURL(/#\/chat$/);
    assert.equal(await page.locator(`[data-conversation-id="${firstId}"]`).count(), 0);
    await screenshot(page, 'chat-deleted-undo');
    await page.getByTestId('undo-delete-button').click();
    await page.locator(`[data-conversation-id="${firstId}"]`).waitFor();
    await page.waitForURL(new RegExp(`#/chat/${firstId}$`));
  });

  test('a conversation survives a reload and a server restart', async () => {
    if (!page) return;
    await openConversation(firstId);
    await page.reload();
    await chat.userMessages.filter({ hasText: 'A dog ran to the sea' }).waitFor();
    await hearth.server.stop();
    await hearth.server.start();
    await page.reload();
    await chat.userMessages.filter({ hasText: 'A dog ran to the sea' }).waitFor();
    await page.getByTestId('conversation-title').filter({ hasText: 'Dogs at sea' }).waitFor();
    await screenshot(page, 'chat-after-restart');
  });

  test('800×600: no sideways scrolling, the list folds away, the composer stays in view', async () => {
    if (!page) return;
    await page.setViewportSize({ width: 800, height: 600 });
    await page.reload();
    await chat.userMessages.first().waitFor();
    assert.equal(await chat.list.count(), 0, 'the list starts folded on a narrow window');
    await screenshot(page, 'chat-800');
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok((await overflow()) <= 0, 'no sideways scroll');
    const box = await chat.input.boundingBox();
    assert.ok(box && box.y + box.height <= 600, `the composer is in view: ${JSON.stringify(box)}`);
    await page.getByTestId('toggle-conversations').click();
    await chat.list.waitFor();
    assert.ok((await overflow()) <= 0, 'no sideways scroll with the list open');
    await screenshot(page, 'chat-800-list');
    await page.getByTestId('close-conversations').click();
    await chat.list.waitFor({ state: 'detached' });
    await page.getByTestId('open-chat-settings').click();
    await screenshot(page, 'chat-800-settings');
    await page.keyboard.press('Escape');
    await page.setViewportSize({ width: 1100, height: 720 });
    assert.deepEqual(pageErrors, []);
  });
});
