import type { Locator, Page } from 'playwright-core';

/** The chat's audio controls: Speak on a reply, the composer's microphone and the dictation status. */
export class ChatAudio {
  readonly micButton: Locator;
  readonly dictationStatus: Locator;
  readonly dictationError: Locator;

  constructor(readonly page: Page) {
    this.micButton = page.getByTestId('mic-button');
    this.dictationStatus = page.getByTestId('dictation-status');
    this.dictationError = page.getByTestId('dictation-error');
  }

  /** Starts dictation and waits until it records (the status counts the time). */
  async startRecording(): Promise<void> {
    await this.micButton.click();
    await this.dictationStatus.filter({ hasText: /Recording \d:\d\d/ }).waitFor();
  }

  speakButton(reply: Locator): Locator {
    return reply.getByTestId('speak-button');
  }

  audio(reply: Locator): Locator {
    return reply.getByTestId('speech-audio');
  }

  /** Resolves with the <audio> element's duration once it plays (the 'playing' event, or playback already under way). */
  async waitForPlaying(reply: Locator, timeout = 30_000): Promise<number> {
    const audio = this.audio(reply);
    // No controls: the element is in the page but not visible.
    await audio.waitFor({ state: 'attached', timeout });
    // No named functions inside: tsx would wrap them in a helper the page does not have.
    return audio.evaluate(
      (element: HTMLAudioElement, ms) =>
        new Promise<number>((resolve, reject) => {
          if (!element.paused && element.currentTime > 0) return resolve(element.duration);
          element.addEventListener('playing', () => resolve(element.duration), { once: true });
          element.addEventListener('error', () => reject(new Error(`audio error ${element.error?.code}: ${element.error?.message}`)), { once: true });
          setTimeout(() => reject(new Error(`not playing after ${ms} ms (paused ${element.paused}, readyState ${element.readyState})`)), ms);
        }),
      timeout,
    );
  }
}
