import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startMediaStandIn, standInTranscript } from '../test/fixtures/openAiMediaStandIn.js';
import { missingTestModels, testModels } from '../test/testModels.js';
import { buildWebUi, fakeAudioArgs, launchBrowser, newPage, screenshot, startHearth, suiteScope, type Hearth } from './fixtures.js';
import { ChatAudio } from './pages/ChatAudio.js';
import { ChatScreen } from './pages/ChatScreen.js';

const skip = missingTestModels([testModels.tiny]);

/**
 * Speak and dictation in the chat, against a real headless server in Chromium with a fake microphone: a reply
 * read aloud through /v1/audio/speech (real audio from the local engine plays in an <audio> element; a
 * second press stops it; the conversation's voice is sent), and the composer's microphone: with no transcriber
 * the server's message in words; with a binding to a stand-in transcribing upstream, 16 kHz WAV goes there and
 * the text comes back into the composer at the caret. Esc cancels a recording.
 */
describe('chat audio: speak and dictate', { skip }, () => {
  let browser: Browser;
  let hearth: Hearth;
  let page: Page;
  let pageErrors: string[];
  let chat: ChatScreen;
  let audio: ChatAudio;
  const scope = suiteScope();
  after(() => scope.close());

  test('Speak reads a reply aloud in the chosen voice; a second press stops it', async (t) => {
    const launched = await launchBrowser(scope.t, fakeAudioArgs);
    if (typeof launched === 'string') return t.skip(launched);
    browser = launched;
    hearth = await startHearth(scope.t, { models: [testModels.tiny], webUiDir: await buildWebUi() });
    ({ page, pageErrors } = await newPage(scope.t, browser));
    chat = new ChatScreen(page);
    audio = new ChatAudio(page);

    await chat.open(hearth.url, testModels.tiny);
    await page.getByTestId('open-chat-settings').click();
    const settings = page.getByTestId('chat-settings');
    await settings.getByTestId('chat-max-tokens').fill('40');
    const voice = settings.getByTestId('chat-voice');
    await voice.locator('option[value="nova"]').waitFor({ state: 'attached' });
    await voice.selectOption('nova');
    await screenshot(page, 'audio-voice-setting');
    await settings.getByTestId('chat-settings-save').click();
    await settings.waitFor({ state: 'detached' });

    await chat.send('Once upon a time');
    await chat.waitForReplyDone();
    const reply = chat.assistantMessages.last();
    const speak = audio.speakButton(reply);

    const speech = page.waitForResponse((response) => response.url().endsWith('/v1/audio/speech'));
    await speak.click();
    const response = await speech;
    assert.equal(response.status(), 200);
    assert.equal(response.headers()['content-type'], 'audio/mpeg');
    assert.ok((await response.body()).byteLength > 1000, 'real audio came back');
    const sent = response.request().postDataJSON() as { input: string; voice: string };
    assert.equal(sent.voice, 'nova', 'the conversation’s voice');
    assert.equal(sent.input.trim(), ((await chat.lastReply().innerText()) ?? '').trim(), 'the reply as it reads on screen');

    const duration = await audio.waitForPlaying(reply);
    assert.ok(duration > 0, `plays audio of ${duration} s`);
    assert.equal(await speak.getAttribute('aria-pressed'), 'true');
    await screenshot(page, 'audio-speaking');

    await speak.click();
    await audio.audio(reply).waitFor({ state: 'detached' });
    assert.equal(await speak.getAttribute('data-state'), 'idle');
    assert.deepEqual(pageErrors, []);
  });

  test('the microphone records and reaches the server; with no transcriber, its message says what to get', async () => {
    if (!page) return;
    await chat.input.fill('Before ');
    await audio.startRecording();
    assert.equal(await audio.micButton.getAttribute('aria-pressed'), 'true');
    await screenshot(page, 'audio-recording');
    await page.waitForTimeout(1000);

    const transcription = page.waitForResponse((response) => response.url().endsWith('/v1/audio/transcriptions'));
    await audio.micButton.click();
    const response = await transcription;
    assert.equal(response.status(), 404);
    const answer = (await response.json()) as { error: { message: string } };

    await audio.dictationError.waitFor();
    const shown = await audio.dictationError.innerText();
    assert.match(shown, /Whisper/);
    assert.match(shown, /binding/);
    // The server's words (a CLI command, an archive URL, a path) are one click away, behind Details.
    const details = page.getByTestId('dictation-detail');
    assert.ok(!shown.includes(answer.error.message), `the server's words wait behind Details: ${shown}`);
    await details.getByText('Details').click();
    const detail = await details.innerText();
    assert.ok(detail.includes(answer.error.message), `the server's words are shown: ${detail}`);
    assert.equal(await chat.input.inputValue(), 'Before ', 'what was typed is kept');
    assert.equal(await audio.micButton.getAttribute('data-phase'), 'idle');
    await screenshot(page, 'audio-no-transcriber');
    assert.deepEqual(pageErrors, []);
  });

  test('with a binding that transcribes: WAV goes upstream and the text lands at the caret', async () => {
    if (!page) return;
    const standIn = await startMediaStandIn();
    scope.t.after(() => standIn.close());
    const created = await fetch(`${hearth.url}/v1/admin/bindings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'speech-box', kind: 'openai', baseUrl: standIn.baseUrl, models: [{ name: 'whisper-upstream', alias: 'whisper-1' }] }),
    });
    assert.equal(created.status, 201, await created.text());

    await chat.input.fill('Before after');
    await chat.input.evaluate((input: HTMLTextAreaElement) => input.setSelectionRange(6, 6));
    await audio.startRecording();
    await page.waitForTimeout(1000);
    await audio.micButton.click();
    await page.waitForFunction((text) => (document.querySelector('[data-testid="chat-input"]') as HTMLTextAreaElement).value.includes(text), standInTranscript);
    assert.equal(await chat.input.inputValue(), `Before ${standInTranscript} after`);
    assert.equal(await audio.dictationError.count(), 0);

    const upstream = standIn.received.find((request) => request.path === '/v1/audio/transcriptions');
    assert.ok(upstream, 'the binding forwarded the recording');
    assert.equal(upstream.fields.model, 'whisper-upstream');
    const wav = upstream.files.file!;
    assert.equal(wav.subarray(0, 4).toString(), 'RIFF');
    assert.equal(wav.subarray(8, 12).toString(), 'WAVE');
    assert.equal(wav.readUInt16LE(22), 1, 'mono');
    assert.equal(wav.readUInt32LE(24), 16_000, '16 kHz');
    assert.ok(wav.length > 16_000, `about a second of sound (${wav.length} bytes)`);
    await screenshot(page, 'audio-dictated');
    assert.deepEqual(pageErrors, []);
  });

  test('Esc cancels a recording: nothing is sent', async () => {
    if (!page) return;
    let sent = 0;
    page.on('request', (request) => void (request.url().endsWith('/v1/audio/transcriptions') && sent++));
    await audio.startRecording();
    await page.keyboard.press('Escape');
    await audio.dictationStatus.waitFor({ state: 'detached' });
    assert.equal(await audio.micButton.getAttribute('aria-pressed'), 'false');
    await page.waitForTimeout(300);
    assert.equal(sent, 0);
  });

  test('800x600: the composer and its microphone fit, no sideways scroll; the mic is reachable by keyboard', async () => {
    if (!page) return;
    await page.setViewportSize({ width: 800, height: 600 });
    // Narrow windows lay the conversation list over the chat; close it to see the composer.
    if (await page.getByTestId('close-conversations').isVisible()) await page.getByTestId('close-conversations').click();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `overflow ${overflow}px`);
    await chat.input.focus();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'mic-button');
    await page.keyboard.press('Enter');
    await audio.dictationStatus.filter({ hasText: /Recording/ }).waitFor();
    await screenshot(page, 'audio-800-recording');
    await page.keyboard.press('Escape');
    await audio.dictationStatus.waitFor({ state: 'detached' });
    await screenshot(page, 'audio-800');
    await page.setViewportSize({ width: 1100, height: 720 });
  });
});
