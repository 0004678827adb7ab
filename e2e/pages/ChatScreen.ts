import type { Locator, Page } from 'playwright-core';

/** The chat route: server status, the model picker and the conversation. */
export class ChatScreen {
  readonly status: Locator;
  readonly serverUrl: Locator;
  readonly picker: Locator;
  readonly input: Locator;
  readonly sendButton: Locator;
  readonly stopButton: Locator;
  readonly assistantMessages: Locator;
  readonly userMessages: Locator;

  constructor(readonly page: Page) {
    this.status = page.getByTestId('server-status');
    this.serverUrl = page.getByTestId('server-url');
    this.picker = page.getByTestId('model-picker');
    this.input = page.getByTestId('chat-input');
    this.sendButton = page.getByTestId('chat-send');
    this.stopButton = page.getByTestId('chat-stop');
    this.assistantMessages = page.locator('[data-testid="message-assistant"]');
    this.userMessages = page.locator('[data-testid="message-user"]');
  }

  /** The model's entry in the picker; options are attached, not visible, until the list opens. */
  model(id: string): Locator {
    return this.picker.locator(`option[value="${id}"]`);
  }

  async waitForModel(id: string): Promise<void> {
    await this.model(id).waitFor({ state: 'attached' });
  }

  async selectModel(id: string): Promise<void> {
    await this.picker.selectOption(id);
  }

  /** Opens the chat of the server at `url` with `model` picked, once the picker lists it. */
  async open(url: string, model: string): Promise<void> {
    await this.page.goto(`${url}/#/chat`);
    await this.waitForModel(model);
    await this.selectModel(model);
  }

  async send(text: string): Promise<void> {
    await this.input.fill(text);
    await this.sendButton.click();
  }

  lastReply(): Locator {
    return this.assistantMessages.last().locator('.message-text');
  }

  /** The conversation list at the side (shown by default on wide windows). */
  get list(): Locator {
    return this.page.getByTestId('conversation-list');
  }

  conversationItems(): Locator {
    return this.page.getByTestId('conversation-item');
  }

  /** The open conversation's id, from the URL (#/chat/<id>), or null. */
  async openId(): Promise<string | null> {
    const match = /#\/chat\/([^/?]+)/.exec(this.page.url());
    return match ? decodeURIComponent(match[1]!) : null;
  }

  /** Resolves when no reply is streaming any more. */
  async waitForReplyDone(timeout = 120_000): Promise<void> {
    await this.page.locator('[data-streaming]').waitFor({ state: 'detached', timeout });
  }
}
