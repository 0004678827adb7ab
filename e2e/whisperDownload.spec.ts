import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startHfMirror, type HfMirror } from '../test/fixtures/hfMirror.js';
import { missingTestModels, testModels } from '../test/testModels.js';
import { syntheticPiperRepoFiles } from '../test/voiceSynthetic/syntheticVoice.js';
import { syntheticWhisperTinyRepoFiles } from '../test/whisperSynthetic/syntheticWhisper.js';
import { buildWebUi, fakeAudioArgs, launchBrowser, newPage, screenshot, startHearth, suiteScope, type Hearth } from './fixtures.js';
import { ChatAudio } from './pages/ChatAudio.js';
import { ChatScreen } from './pages/ChatScreen.js';

const skip = missingTestModels([testModels.tiny]);
const repo = 'csukuangfj/sherpa-onnx-whisper-tiny';
const id = 'sherpa-onnx-whisper-tiny';
const voiceRepo = 'csukuangfj/vits-piper-en_US-amy-low';
const voiceId = 'vits-piper-en_US-amy-low';

/**
 * Whisper and voices in one click, against a real headless server in Chromium with a fake microphone and the
 * Hugging Face stand-in serving Whisper tiny's repo and Amy's (the synthetic models of test/whisperSynthetic and
 * test/voiceSynthetic under their file names): dictation with no model says to download Whisper tiny in Discover
 * and links to its Speech to text section, which downloads it with progress and then says it is installed;
 * dictation works at once, without a restart. Discover's Voices section does the same for a voice, which the
 * chat's voice choice then offers and Speak reads a reply in.
 */
describe('Whisper and voice downloads from Discover', { skip }, () => {
  let browser: Browser;
  let hearth: Hearth;
  let mirror: HfMirror;
  let page: Page;
  let pageErrors: string[];
  let chat: ChatScreen;
  let audio: ChatAudio;
  const scope = suiteScope();
  let voiceFiles: string[] = [];

  before(async () => {
    const voiceRepoFiles = await syntheticPiperRepoFiles('en_US-amy-low');
    voiceFiles = Object.keys(voiceRepoFiles);
    mirror = await startHfMirror({
      [repo]: { files: await syntheticWhisperTinyRepoFiles() },
      [voiceRepo]: { files: voiceRepoFiles },
    });
    // Slow enough for the progress to be seen.
    mirror.setFault(`${repo}/tiny-decoder.int8.onnx`, { bytesPerSecond: 300 });
    // A crawl: every file of the voice at 4 KB/s (four come at once), so its progress stays under 1 % of 18 MB
    // for seconds; lifted once that has been seen.
    for (const file of voiceFiles) mirror.setFault(`${voiceRepo}/${file}`, { bytesPerSecond: 4_000 });
  });
  after(async () => {
    await scope.close();
    await mirror?.close();
  });

  test('dictation without a model links to Discover, which downloads Whisper tiny; then dictation works', async (t) => {
    const launched = await launchBrowser(scope.t, fakeAudioArgs);
    if (typeof launched === 'string') return t.skip(launched);
    browser = launched;
    hearth = await startHearth(scope.t, { models: [testModels.tiny], webUiDir: await buildWebUi(), env: { HEARTH_HF_ENDPOINT: mirror.url } });
    ({ page, pageErrors } = await newPage(scope.t, browser));
    chat = new ChatScreen(page);
    audio = new ChatAudio(page);

    await chat.open(hearth.url, testModels.tiny);
    await audio.startRecording();
    await page.waitForTimeout(500);
    await audio.micButton.click();
    await audio.dictationError.waitFor();
    const link = page.getByTestId('dictation-discover');
    assert.equal(await link.textContent(), 'Download Whisper tiny in Discover');
    // The server's own hint (a CLI command, an archive URL, a path) waits behind Details.
    const details = page.getByTestId('dictation-detail');
    assert.equal(await details.getAttribute('open'), null);
    await screenshot(page, 'whisper-dictation-needs-model');
    await details.getByText('Details').click();
    assert.match(await details.innerText(), /Download Whisper tiny in Discover \(or `hearth models pull whisper:/, 'the server’s own hint says the same');
    await screenshot(page, 'whisper-dictation-details');

    // The link lands on the Speech to text section, below the fold of Discover, with its heading focused.
    await link.click();
    await page.getByTestId('discover-screen').waitFor();
    const section = page.getByTestId('folder-models-speech-to-text');
    const heading = section.getByRole('heading', { name: 'Speech to text' });
    await page.waitForFunction(() => document.activeElement?.id === 'speech-to-text-title');
    assert.ok(await heading.evaluate((element) => element.getBoundingClientRect().top >= 0 && element.getBoundingClientRect().bottom <= window.innerHeight), 'the heading is in view');
    assert.ok(!page.url().includes('section='), `the one-shot section leaves the address: ${page.url()}`);
    await screenshot(page, 'whisper-discover-section');
    const tiny = section.locator(`[data-ref="whisper:${id}"]`);
    await tiny.waitFor();
    assert.equal(await tiny.getAttribute('data-installed'), 'false');
    assert.match((await tiny.textContent()) ?? '', /about 110/);
    await tiny.getByRole('button', { name: 'Download Whisper tiny' }).click();

    // The same progress as GGUF downloads: in the card and in the Downloads list.
    await tiny.getByRole('progressbar').waitFor();
    const download = page.locator(`[data-testid="download"][data-ref="whisper:${id}"]`);
    await download.getByRole('progressbar').waitFor();
    assert.equal(await download.getByTestId('download-state').textContent(), 'Downloading');
    await screenshot(page, 'whisper-discover-downloading');

    await tiny.getByTestId('folder-model-installed').waitFor({ timeout: 30_000 });
    assert.equal(await tiny.getAttribute('data-installed'), 'true');
    await download.filter({ has: page.getByTestId('download-state').getByText('Done') }).waitFor();
    assert.equal(mirror.bytesServed(`${repo}/tiny-encoder.onnx`), 0, 'only the int8 model is fetched');
    await screenshot(page, 'whisper-discover-installed');

    // A fresh load lists it as installed from the models folder, not from the download's record.
    await page.reload();
    await page.locator(`[data-testid="folder-model"][data-ref="whisper:${id}"][data-installed="true"]`).waitFor();

    await chat.open(hearth.url, testModels.tiny);
    await audio.startRecording();
    await page.waitForTimeout(1000);
    const transcription = page.waitForResponse((response) => response.url().endsWith('/v1/audio/transcriptions'));
    await audio.micButton.click();
    assert.equal((await transcription).status(), 200, 'the downloaded model answers, without a restart');
    await page.waitForFunction(() => /hi/.test((document.querySelector('[data-testid="chat-input"]') as HTMLTextAreaElement).value));
    assert.equal(await audio.dictationError.count(), 0);
    await screenshot(page, 'whisper-dictated');
    assert.deepEqual(pageErrors, []);
  });

  test('Discover’s Voices section downloads a voice with visible progress; the chat offers it and Speak reads in it', async () => {
    if (!page) return;
    await chat.open(hearth.url, testModels.tiny);
    // The chat's voice choice as it is before the download: filled once, so it must learn of the new voice.
    await page.getByTestId('open-chat-settings').click();
    const settings = page.getByTestId('chat-settings');
    await settings.getByTestId('chat-voice').locator('option[value="nova"]').waitFor({ state: 'attached' });
    assert.equal(await settings.getByTestId('chat-voice').locator(`option[value="${voiceId}"]`).count(), 0);
    await settings.getByRole('button', { name: 'Cancel' }).click();
    await settings.waitFor({ state: 'detached' });

    await page.getByTestId('nav-discover').click();
    const voices = page.getByTestId('folder-models-text-to-speech');
    assert.equal(await voices.getByRole('heading').textContent(), 'Voices');
    assert.match((await voices.textContent()) ?? '', /Speak button.*\/v1\/audio\/speech/);
    const amy = voices.locator(`[data-ref="voice:${voiceId}"]`);
    assert.equal(await amy.getAttribute('data-installed'), 'false');
    await amy.getByRole('button', { name: 'Download Amy (English, US)' }).click();

    // A crawl: the card and the Downloads list show a percentage with a decimal and the bytes received.
    const progress = amy.getByTestId('folder-model-progress');
    await progress.filter({ hasText: /^0\.[1-9]\s%\s·\s\d+(\.\d)?\sKB of 18\.0 MB$/ }).waitFor();
    const download = page.locator(`[data-testid="download"][data-ref="voice:${voiceId}"]`);
    assert.match((await download.getByTestId('download-facts').textContent()) ?? '', /^0\.\d\s%\s·\s/);
    assert.ok(Number(await amy.getByRole('progressbar').getAttribute('aria-valuenow')) > 0);
    assert.match((await page.getByTestId('downloads-indicator').textContent()) ?? '', /0\.\d\s%/);
    await voices.scrollIntoViewIfNeeded();
    await screenshot(page, 'voice-discover-downloading');
    await page.setViewportSize({ width: 800, height: 600 });
    await voices.scrollIntoViewIfNeeded();
    await screenshot(page, 'voice-discover-800-downloading');
    await page.setViewportSize({ width: 1100, height: 720 });
    for (const file of voiceFiles) mirror.setFault(`${voiceRepo}/${file}`, undefined);

    await amy.getByTestId('folder-model-installed').waitFor({ timeout: 60_000 });
    await download.filter({ has: page.getByTestId('download-state').getByText('Done') }).waitFor();
    assert.equal(mirror.bytesServed(`${voiceRepo}/MODEL_CARD`), 0);
    await voices.scrollIntoViewIfNeeded();
    await screenshot(page, 'voice-discover-installed');
    await page.setViewportSize({ width: 800, height: 600 });
    await voices.scrollIntoViewIfNeeded();
    await screenshot(page, 'voice-discover-800-installed');
    await page.setViewportSize({ width: 1100, height: 720 });

    const listed = (await (await fetch(`${hearth.url}/v1/audio/voices`)).json()) as { voices: Array<{ id: string; engine: string }> };
    assert.equal(listed.voices.find((voice) => voice.id === voiceId)?.engine, 'sherpa-onnx');

    // Back in the chat, without a reload: the voice is offered, and Speak reads a reply in it.
    await page.getByTestId('nav-chat').click();
    await chat.waitForModel(testModels.tiny);
    await page.getByTestId('open-chat-settings').click();
    await settings.getByTestId('chat-max-tokens').fill('30');
    const choice = settings.getByTestId('chat-voice');
    await choice.locator(`option[value="${voiceId}"]`).waitFor({ state: 'attached' });
    await choice.selectOption(voiceId);
    await settings.getByTestId('chat-settings-save').click();
    await settings.waitFor({ state: 'detached' });
    await chat.send('Once upon a time');
    await chat.waitForReplyDone();
    const speech = page.waitForResponse((response) => response.url().endsWith('/v1/audio/speech'));
    await audio.speakButton(chat.assistantMessages.last()).click();
    const spoken = await speech;
    assert.equal(spoken.status(), 200, await spoken.text());
    assert.match(spoken.headers()['x-hearth-voice'] ?? '', new RegExp(`^${voiceId}`));
    assert.ok((await spoken.body()).byteLength > 100, 'audio came back');
    assert.deepEqual(pageErrors, []);
  });
});
