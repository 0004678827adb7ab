import { GeneralChatWrapper, JinjaTemplateChatWrapper, resolveChatWrapper, type ChatWrapper, type LlamaModel } from 'node-llama-cpp';
import { ChatTemplateLimitError } from '../../common/errors.js';
import { installBoundedJinja } from './boundedJinja.js';
import { loadLimits, TemplateBudget, turnLimits, withTemplateBudget } from './templateBudget.js';

/** Where the fallback warning goes (the engine's pino logger). */
export interface TemplateWarningLog {
  warn(fields: Record<string, unknown>, message: string): void;
}

/**
 * The chat wrapper for a loaded model: node-llama-cpp's choice from the GGUF's Jinja template (a built-in
 * wrapper the template is equivalent to, else the template itself), with every render of the template
 * bounded (templateBudget.ts). A template that fails, or runs past the limits, when first probed is not
 * used: the model gets the built-in wrapper node-llama-cpp picks without it, and a warning says why.
 */
export function resolveModelChatWrapper(model: LlamaModel, modelId: string, logger: TemplateWarningLog): ChatWrapper {
  const metadata = model.fileInfo.metadata;
  const template = metadata.tokenizer?.chat_template;
  // No `llama`: node-llama-cpp would otherwise render a template its JS parser rejects with llama.cpp's
  // native renderer, which nothing can bound.
  const options = { bosString: model.tokens.bosString, architecture: metadata.general?.architecture, filename: model.filename, fileInfo: model.fileInfo, tokenizer: model.tokenizer };
  if (!template?.trim()) return resolveChatWrapper(options) ?? new GeneralChatWrapper();

  const withoutTemplate = (reason: string): ChatWrapper => {
    const fileInfo = { ...model.fileInfo, metadata: { ...metadata, tokenizer: { ...metadata.tokenizer, chat_template: undefined } } };
    const wrapper = resolveChatWrapper({ ...options, fileInfo }) ?? new GeneralChatWrapper();
    logger.warn({ model: modelId, reason, chatWrapper: wrapper.wrapperName }, `the chat template of '${modelId}' is not used: ${reason}; using the built-in ${wrapper.wrapperName} wrapper instead`);
    return wrapper;
  };
  if (!installBoundedJinja()) return withoutTemplate('this version of @huggingface/jinja cannot be rendered within limits');

  const budget = new TemplateBudget(loadLimits);
  try {
    // The probe: node-llama-cpp's own wrapper renders the template with its sample histories. Doing it
    // first keeps a failing template from node-llama-cpp's resolution, which logs to the console.
    withTemplateBudget(budget, () => new JinjaTemplateChatWrapper({ template, tokenizer: model.tokenizer }));
  } catch (error) {
    return withoutTemplate(budget.failure?.message ?? `it failed to render (${error instanceof Error ? error.message : String(error)})`);
  }
  const wrapper = withTemplateBudget(budget, () => resolveChatWrapper(options)) ?? new GeneralChatWrapper();
  if (budget.failure) return withoutTemplate(budget.failure.message);
  return wrapper instanceof JinjaTemplateChatWrapper ? boundTurns(wrapper, modelId) : wrapper;
}

/**
 * Gives each generateContextState call (one chat turn, with node-llama-cpp's retries inside) one budget,
 * so a template that runs away on some input stops once, and the request fails with a 422 instead of
 * a 500. Set on the instance: LlamaChat and runChat both call it there.
 */
function boundTurns(wrapper: JinjaTemplateChatWrapper, modelId: string): JinjaTemplateChatWrapper {
  const generate = wrapper.generateContextState.bind(wrapper);
  wrapper.generateContextState = (options) => {
    const budget = new TemplateBudget(turnLimits);
    try {
      return withTemplateBudget(budget, () => generate(options));
    } catch (error) {
      if (budget.failure) throw new ChatTemplateLimitError(modelId, budget.failure.limit, { cause: budget.failure });
      throw error;
    }
  };
  return wrapper;
}
