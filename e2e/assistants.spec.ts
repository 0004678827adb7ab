import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import type { Browser, Page } from 'playwright-core';
import type { OpenAiChatCompletion } from '../common/api/openai.js';
import { ApiKeyStore } from '../main/keys/ApiKeyStore.js';
import { RagClient } from '../test/ragClient.js';
import { missingTestModels, testModels } from '../test/testModels.js';
import { buildWebUi, launchBrowser, newPage, screenshot, startHearth, suiteScope, type Hearth } from './fixtures.js';
import { ApiKeyDialog } from './pages/ApiKeyDialog.js';
import { AssistantsScreen } from './pages/AssistantsScreen.js';

const skip = missingTestModels([testModels.tiny]);
const instructions = 'You are a ship captain. Answer as a captain would, briefly, and end with aye.';
const rateLimit = { requestsPerMinute: 6000, burst: 1000 };

/**
 * The Assistants screen against a real headless server with keys required: an admin makes an assistant in
 * the form, the `openai` client (with a user key) lists it and uses it as its model with its instructions
 * in force (mechanics: the prompt's token count equals that of the same messages with the instructions as
 * system message), the "Use it" snippet names this server and the id; edit, delete with confirmation.
 */
describe('the Assistants screen', { skip }, () => {
  let browser: Browser;
  let hearth: Hearth;
  let page: Page;
  let pageErrors: string[];
  let screen: AssistantsScreen;
  let adminKey: string;
  let userKey: string;
  let client: OpenAI;
  const scope = suiteScope();
  after(() => scope.close());

  const signIn = (target: Page, key: string) => ApiKeyDialog.signIn(target, hearth.url, key, 'assistants');

  test('made in the UI, listed and used as the model by the openai client', async (t) => {
    const launched = await launchBrowser(scope.t);
    if (typeof launched === 'string') return t.skip(launched);
    browser = launched;
    hearth = await startHearth(scope.t, { models: [testModels.tiny], webUiDir: await buildWebUi(), requireApiKeys: true });
    const keys = await ApiKeyStore.open(hearth.dataDir);
    adminKey = (await keys.create({ alias: 'me', role: 'admin', rateLimit })).key;
    userKey = (await keys.create({ alias: 'app', role: 'user', rateLimit })).key;
    await keys.close();
    // The server picks up keys made by another process when it sees the file change.
    for (let tries = 0; (await fetch(`${hearth.url}/v1/models`, { headers: { Authorization: `Bearer ${adminKey}` } })).status === 401; tries++) {
      assert.ok(tries < 100, 'the server took the new keys');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    client = new OpenAI({ baseURL: `${hearth.url}/v1`, apiKey: userKey, maxRetries: 0 });
    const rag = new RagClient(hearth.url, adminKey);
    const handbook = await rag.create({ name: 'Ship log', model: testModels.tiny });
    assert.equal((await rag.waitForJob((await rag.addText(handbook.id, 'The ship sails at dawn from the north harbour.', 'Log')).id)).state, 'completed');

    ({ page, pageErrors } = await newPage(scope.t, browser));
    screen = new AssistantsScreen(page);
    await signIn(page, adminKey);
    await page.getByText('No assistants yet').waitFor();
    await screenshot(page, 'assistants-empty');

    await screen.newButton.click();
    await screen.form.waitFor();
    await screen.fill({ name: 'Captain', model: testModels.tiny, instructions, temperature: '0.3', datastores: ['Ship log'] });
    await screenshot(page, 'assistants-form');
    await screen.save();
    const row = screen.row('Captain');
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /Ship log/);
    await screenshot(page, 'assistants-list');

    const listed = (await client.beta.assistants.list()).data;
    const captain = listed.find((assistant) => assistant.name === 'Captain');
    assert.ok(captain, JSON.stringify(listed));
    assert.equal(captain.model, testModels.tiny);
    assert.equal(captain.instructions, instructions);
    assert.equal(captain.temperature, 0.3);
    assert.deepEqual(captain.tool_resources, { file_search: { vector_store_ids: [handbook.id] } });

    const question = [{ role: 'user' as const, content: 'When do we sail?' }];
    const reply = (await client.chat.completions.create({ model: captain.id, messages: question, max_tokens: 4 })) as unknown as OpenAiChatCompletion;
    assert.equal(reply.model, captain.id);
    assert.ok(Array.isArray(reply.sources), 'its datastore was searched');
    // The same question, grounded the same way but through the model with the instructions written out.
    const direct = (await new OpenAI({ baseURL: `${hearth.url}/v1`, apiKey: adminKey, maxRetries: 0 }).chat.completions.create({
      model: testModels.tiny,
      messages: [{ role: 'system', content: instructions }, ...question],
      max_tokens: 4,
      files: [{ type: 'collection', id: handbook.id }],
    } as OpenAI.ChatCompletionCreateParamsNonStreaming)) as unknown as OpenAiChatCompletion;
    assert.equal(reply.usage!.prompt_tokens, direct.usage!.prompt_tokens, 'the instructions are in force');
    assert.deepEqual(pageErrors, []);
  });

  test('"Use it" shows the openai call with this server and the id; 800x600 has no sideways scroll', async () => {
    if (!page) return;
    const captain = (await client.beta.assistants.list()).data.find((assistant) => assistant.name === 'Captain')!;
    await screen.row('Captain').getByTestId('assistant-use-button').click();
    const snippet = (await page.getByTestId('assistant-snippet').textContent()) ?? '';
    assert.ok(snippet.includes(`baseURL: '${hearth.url}/v1'`), snippet);
    assert.ok(snippet.includes(`model: '${captain.id}'`), snippet);
    await screenshot(page, 'assistants-use-it');
    await page.keyboard.press('Escape');
    await page.getByTestId('assistant-use').waitFor({ state: 'detached' });

    await page.setViewportSize({ width: 800, height: 600 });
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok((await overflow()) <= 0, 'the list fits 800 px');
    await screenshot(page, 'assistants-800-list');
    await screen.row('Captain').getByRole('button', { name: 'Edit Captain' }).click();
    await screen.form.waitFor();
    assert.ok((await overflow()) <= 0, 'the form fits 800 px');
    await screenshot(page, 'assistants-800-form');
    await page.keyboard.press('Escape');
    await screen.form.waitFor({ state: 'detached' });
    await page.setViewportSize({ width: 1100, height: 720 });
  });

  test('edit, then delete with confirmation', async () => {
    if (!page) return;
    await screen.row('Captain').getByRole('button', { name: 'Edit Captain' }).click();
    await screen.fill({ name: 'First mate', temperature: '', format: 'json_object' });
    await screen.save();
    await screen.row('First mate').waitFor();
    const [mate] = (await client.beta.assistants.list()).data;
    assert.equal(mate!.name, 'First mate');
    assert.equal(mate!.temperature, null, 'a blank temperature is the model default');
    assert.deepEqual(mate!.response_format, { type: 'json_object' });

    await screen.row('First mate').getByRole('button', { name: 'Delete First mate' }).click();
    const confirm = page.getByTestId('confirm-dialog');
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No assistants yet').waitFor();
    await assert.rejects(client.beta.assistants.retrieve(mate!.id), (error) => error instanceof OpenAI.NotFoundError);
  });

  test('a user key lists and uses assistants but changes none', async () => {
    if (!page) return;
    await new OpenAI({ baseURL: `${hearth.url}/v1`, apiKey: adminKey, maxRetries: 0 }).beta.assistants.create({ model: testModels.tiny, name: 'Shared' });
    const { page: userPage } = await newPage(scope.t, browser);
    await signIn(userPage, userKey);
    const userScreen = new AssistantsScreen(userPage);
    await userScreen.row('Shared').waitFor();
    await userPage.getByTestId('assistants-readonly').waitFor();
    assert.equal(await userScreen.newButton.count(), 0);
    assert.equal(await userScreen.row('Shared').getByRole('button', { name: 'Edit Shared' }).count(), 0);
    await screenshot(userPage, 'assistants-user');
  });
});
