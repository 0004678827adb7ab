/**
 * Ollama wire format ⇄ the engine's request model. Every Ollama endpoint is a thin dialect over
 * engine.chat/complete/embed; what the engine can't do honestly is refused here with a 400.
 */
import path from 'node:path';
import { InvalidRequestError } from '../../../common/errors.js';
import type { ModelInfo } from '../../../common/models.js';
import type {
  OllamaFormat,
  OllamaListModel,
  OllamaMessage,
  OllamaMetrics,
  OllamaModelDetails,
  OllamaOptions,
  OllamaResponseToolCall,
} from '../../../common/api/ollama.js';
import type { ChatMessage, FinishReason, GenerationResult, ResponseFormat, SamplingOptions, ToolCall, ToolDefinition } from '../../engine/types.js';
import { quantizationOf } from '../../library/quantization.js';
import { fromWireSampling } from '../sampling.js';

const honouredOptions = new Set(['temperature', 'top_p', 'top_k', 'min_p', 'repeat_penalty', 'presence_penalty', 'frequency_penalty', 'seed', 'num_predict', 'num_ctx', 'stop']);

/** Sampling options for the engine, and the names of the Ollama options it has no equivalent for (to log). */
export function fromOllamaOptions(options: OllamaOptions | null | undefined): { sampling: SamplingOptions; ignored: string[] } {
  if (!options) return { sampling: {}, ignored: [] };
  // Ollama's -1 (no limit) and -2 (fill the context) are both the engine's default, the rest of the context;
  // 0 stays 0, which the engine answers with nothing, as llama.cpp does.
  const sampling = fromWireSampling(options, options.num_predict != null && options.num_predict >= 0 ? options.num_predict : undefined);
  return { sampling, ignored: Object.keys(options).filter((key) => !honouredOptions.has(key)) };
}

export function fromOllamaFormat(format: OllamaFormat | null | undefined): ResponseFormat | undefined {
  if (format == null || format === '') return undefined;
  if (format === 'json') return { type: 'json_object' };
  return { type: 'json_schema', schema: format };
}

export function refuseOllamaImages(images: string[] | null | undefined, param: string): void {
  if (images && images.length > 0) {
    throw new InvalidRequestError("Hearth's local models here are text-only and can't read images; send text only.", { param, code: 'unsupported_content' });
  }
}

/**
 * Ollama messages carry no call ids: a `tool` message names its tool (`tool_name`) or simply follows
 * the calls. Each assistant call gets an id, and each tool result answers the earliest unanswered
 * call of that name (or the earliest unanswered call at all), which is how Ollama pairs them in templates.
 */
export function fromOllamaMessages(messages: OllamaMessage[]): ChatMessage[] {
  const unanswered: ToolCall[] = [];
  return messages.map((message, index): ChatMessage => {
    refuseOllamaImages(message.images, `messages.${index}.images`);
    const content = message.content ?? '';
    switch (message.role) {
      case 'system':
      case 'user':
        return { role: message.role, content };
      case 'assistant': {
        const toolCalls = (message.tool_calls ?? []).map((call, callIndex) => ({
          id: `call_${index}_${callIndex}`,
          name: call.function.name,
          arguments: JSON.stringify(call.function.arguments),
        }));
        unanswered.push(...toolCalls);
        return { role: 'assistant', content, ...(toolCalls.length > 0 ? { toolCalls } : {}) };
      }
      case 'tool': {
        const at = unanswered.findIndex((call) => !message.tool_name || call.name === message.tool_name);
        if (at === -1) {
          throw new InvalidRequestError(
            `messages[${index}] is a tool result${message.tool_name ? ` for '${message.tool_name}'` : ''}, but no earlier assistant message made such a call.`,
            { param: `messages.${index}` },
          );
        }
        const [call] = unanswered.splice(at, 1);
        return { role: 'tool', content, toolCallId: call!.id };
      }
    }
  });
}

export function fromOllamaTools(tools: Array<{ function: { name: string; description?: string | null; parameters?: Record<string, unknown> | null } }> | null | undefined): ToolDefinition[] | undefined {
  if (!tools || tools.length === 0) return undefined;
  return tools.map(({ function: tool }) => ({
    name: tool.name,
    ...(tool.description != null ? { description: tool.description } : {}),
    ...(tool.parameters != null ? { parameters: tool.parameters } : {}),
  }));
}

/** Arguments as an object, as Ollama sends them (the engine holds OpenAI's JSON text). */
export function toOllamaToolCalls(calls: ToolCall[]): OllamaResponseToolCall[] {
  return calls.map((call) => {
    let args: unknown;
    try {
      args = JSON.parse(call.arguments);
    } catch {
      args = {};
    }
    return { function: { name: call.name, arguments: args !== null && typeof args === 'object' && !Array.isArray(args) ? (args as Record<string, unknown>) : {} } };
  });
}

/** Ollama has no `tool_calls` reason: a turn that ends in calls is a plain stop. */
export function toOllamaDoneReason(reason: FinishReason): 'stop' | 'length' {
  return reason === 'length' ? 'length' : 'stop';
}

export function toOllamaNanoseconds(ms: number): number {
  return Math.max(0, Math.round(ms * 1e6));
}

export function toOllamaMetrics(result: Pick<GenerationResult, 'usage' | 'timings'>): OllamaMetrics {
  return {
    total_duration: toOllamaNanoseconds(result.timings.totalMs),
    load_duration: toOllamaNanoseconds(result.timings.loadMs),
    prompt_eval_count: result.usage.promptTokens,
    prompt_eval_duration: toOllamaNanoseconds(result.timings.promptMs),
    eval_count: result.usage.completionTokens,
    eval_duration: toOllamaNanoseconds(result.timings.generateMs),
  };
}

/** A parameter count as Ollama prints it: "292.80K", "135M", "7.2B". */
export function toOllamaParameterSize(count: number | undefined): string {
  if (count === undefined) return '';
  const scale = (value: number, unit: string, decimals: number) => (Number.isInteger(value) ? `${value}${unit}` : `${value.toFixed(decimals)}${unit}`);
  if (count >= 1e9) return scale(count / 1e9, 'B', 1);
  if (count >= 1e6) return scale(count / 1e6, 'M', 2);
  if (count >= 1e3) return scale(count / 1e3, 'K', 2);
  return String(count);
}

/** "Q4_K_M", "F16", "F32": the GGUF file type without node-llama-cpp's MOSTLY_/ALL_ prefix, else guessed from the file name. */
export function toOllamaQuantization(info: Pick<ModelInfo, 'fileType' | 'file'>): string {
  if (info.fileType && !/^\d+$/.test(info.fileType)) return info.fileType.replace(/^(MOSTLY|ALL)_/, '');
  return quantizationOf(path.basename(info.file)) ?? 'unknown';
}

export function toOllamaDetails(info: ModelInfo): OllamaModelDetails {
  const family = info.architecture ?? '';
  return {
    // A remote binding's model names the binding(s) serving it where a local one names its parent.
    parent_model: info.remote ? info.remote.bindings.map((b) => b.name).join(', ') : '',
    format: info.remote ? 'remote' : 'gguf',
    family,
    families: family ? [family] : [],
    parameter_size: toOllamaParameterSize(info.parameterCount),
    quantization_level: toOllamaQuantization(info),
  };
}

/** Ollama shows every name with a tag; a Hearth id or alias without one is `:latest`, which resolves back to it. */
export function toOllamaName(idOrAlias: string): string {
  return idOrAlias.includes(':') ? idOrAlias : `${idOrAlias}:latest`;
}

/** The name a client asked for, as stored for an alias: `name:latest` and `name` are the same model. */
export function fromOllamaName(name: string): string {
  return /:latest$/i.test(name) ? name.slice(0, -':latest'.length) : name;
}

/** One list entry per name a model answers to (its id, then its aliases), as Ollama lists copies. */
export function toOllamaListModels(info: ModelInfo, digest: string): OllamaListModel[] {
  const details = toOllamaDetails(info);
  return [info.id, ...info.aliases].map((name) => ({
    name: toOllamaName(name),
    model: toOllamaName(name),
    modified_at: new Date(info.modifiedAt * 1000).toISOString(),
    size: info.sizeBytes,
    digest,
    details,
    ...(info.state === 'error' && info.error ? { error: info.error } : {}),
  }));
}
