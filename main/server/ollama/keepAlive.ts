import { InvalidRequestError } from '../../../common/errors.js';
import { toIdleSeconds, type HearthSettings } from '../../../common/settings.js';

/** Ollama's default when a request names no keep_alive. */
const ollamaDefaultSeconds = 5 * 60;

const unitSeconds: Record<string, number> = { ns: 1e-9, us: 1e-6, 'µs': 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
const goDuration = /^([+-]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+$/;
const goPart = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g;

/**
 * `keep_alive` in seconds for the engine: a number is seconds, a string is seconds ("300") or a Go
 * duration ("5m", "1h30m"), as Ollama parses it. Any negative value keeps the model loaded (-1), and so does
 * one too long for a timer (over 24.8 days, or 1e308 and beyond): Go's durations reach 292 years, and
 * Ollama clients send such values to mean "forever".
 */
export function parseKeepAlive(value: number | string): number {
  let seconds: number;
  if (typeof value === 'number') seconds = value;
  else {
    const text = value.trim();
    if (/^[+-]?\d+(\.\d+)?$/.test(text)) seconds = Number(text);
    else {
      const match = goDuration.exec(text);
      if (!match) {
        throw new InvalidRequestError(`keep_alive '${value}' is not a duration: use seconds (300) or a duration such as "5m", "1h30m", "-1".`, {
          param: 'keep_alive',
        });
      }
      seconds = 0;
      for (const [, amount, unit] of text.matchAll(goPart)) seconds += Number(amount) * unitSeconds[unit!]!;
      if (match[1] === '-') seconds = -seconds;
    }
  }
  return toIdleSeconds(seconds);
}

/**
 * The engine's keepAliveSeconds for a request: the request's own value, else Hearth's idle TTL when
 * the user set one (for this model or as a default), else Ollama's five minutes.
 */
export function keepAliveSeconds(value: number | string | null | undefined, settings: HearthSettings, modelId: string): number | undefined {
  if (value != null) return parseKeepAlive(value);
  const configured = settings.models[modelId]?.idleTtlSeconds ?? settings.modelDefaults.idleTtlSeconds;
  return configured === undefined ? ollamaDefaultSeconds : undefined;
}
