import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startHfMirror, type HfMirror } from '../test/fixtures/hfMirror.js';
import { missingTestModels, testModels } from '../test/testModels.js';
import { syntheticWhisperTinyRepoFiles } from '../test/whisperSynthetic/syntheticWhisper.js';
import { buildWebUi, fakeAudioArgs, launchBrowser, newPage, screenshot, startHearth, suiteScope, type Hearth } from './fixtures.js';
import { ChatAudio } from './pages/ChatAudio.js';
import { ChatScreen } from './pages/ChatScreen.js';

const skip = missingTestModels([testModels.tiny]);
const repo = 'csukuangfj/sherpa-onnx-whisper-tiny';
const id = 'sherpa-onnx-whisper-tiny';

/**
 * Whisper in one click, against a real headless server in Chromium with a fake microphone and the Hugging Face
 * stand-in serving Whisper tiny's repo (the synthetic model of test/whisperSynthetic under tiny's file names):
 * dictation with no model says to download Whisper tiny in Discover and links there; Discover's Speech to text
 * section downloads it with progress and then says it is installed; dictation works at once, without a restart.
 */
describe('Whisper download from Discover', { skip }, () => {
  let browser: Browser;
  let hearth: Hearth;
  let mirror: HfMirror;
  let page: Page;
  let pageErrors: string[];
  let chat: ChatScreen;
  let audio: ChatAudio;
  const scope = suiteScope();

  before(async () => {
    mirror = await startHfMirror({
      [repo]: { files: await syntheticWhisperTinyRepoFiles() },
    });
    // Slow enough for the progress to be seen.
    mirror.setFault(`${repo}/tiny-decoder.int8.onnx`, { bytesPerSecond: 300 });
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

    await page.goto(`${hearth.url}/#/chat`);
    await chat.waitForModel(testModels.tiny);
    await chat.selectModel(testModels.tiny);
    await audio.micButton.click();
    await audio.dictationStatus.filter({ hasText: /Recording \d:\d\d/ }).waitFor();
    await page.waitForTimeout(500);
    await audio.micButton.click();
    await audio.dictationError.waitFor();
    const link = page.getByTestId('dictation-discover');
    assert.equal(await link.textContent(), 'Download Whisper tiny in Discover');
    assert.match((await audio.dictationError.textContent()) ?? '', /Download Whisper tiny in Discover/, 'the server’s own hint says the same');
    await screenshot(page, 'whisper-dictation-needs-model');

    await link.click();
    await page.getByTestId('discover-screen').waitFor();
    const section = page.getByTestId('speech-models');
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

    await tiny.getByTestId('speech-model-installed').waitFor({ timeout: 30_000 });
    assert.equal(await tiny.getAttribute('data-installed'), 'true');
    await download.filter({ has: page.getByTestId('download-state').getByText('Done') }).waitFor();
    assert.equal(mirror.bytesServed(`${repo}/tiny-encoder.onnx`), 0, 'only the int8 model is fetched');
    await screenshot(page, 'whisper-discover-installed');

    // A fresh load lists it as installed from the models folder, not from the download's record.
    await page.reload();
    await page.locator(`[data-testid="speech-model"][data-ref="whisper:${id}"][data-installed="true"]`).waitFor();

    await page.goto(`${hearth.url}/#/chat`);
    await chat.waitForModel(testModels.tiny);
    await chat.selectModel(testModels.tiny);
    await audio.micButton.click();
    await audio.dictationStatus.filter({ hasText: /Recording \d:\d\d/ }).waitFor();
    await page.waitForTimeout(1000);
    const transcription = page.waitForResponse((response) => response.url().endsWith('/v1/audio/transcriptions'));
    await audio.micButton.click();
    assert.equal((await transcription).status(), 200, 'the downloaded model answers, without a restart');
    await page.waitForFunction(() => /hi/.test((document.querySelector('[data-testid="chat-input"]') as HTMLTextAreaElement).value));
    assert.equal(await audio.dictationError.count(), 0);
    await screenshot(page, 'whisper-dictated');
    assert.deepEqual(pageErrors, []);
  });
});
