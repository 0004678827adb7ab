import Router from '@koa/router';
import type { Services } from '../../services.js';
import { chatCompletions } from './chatCompletions.js';
import { completions } from './completions.js';
import { embeddings } from './embeddings.js';
import { listModels, retrieveModel } from '../openAiModels.js';
import { mountUnder } from '../mountUnder.js';
import { audioTranscriptions } from '../audio/transcriptions.js';
import { speech } from '../audio/speech.js';
import { voices } from '../audio/voices.js';
import { imagesGenerations } from '../images/imagesGenerations.js';

/**
 * Where the OpenAI-compatible family is served: `/v1` as OpenAI, `/api/v1` as PLLM and LocalAI
 * users expect, `/ollama/v1` where LoLLMs looks for an Ollama's OpenAI layer.
 */
export const openAiPrefixes = ['/v1', '/api/v1', '/ollama/v1'] as const;

function endpoints(services: Services): Router {
  const router = new Router();
  router.get('/models', listModels(services));
  router.get('/models/*id', retrieveModel(services));
  router.post('/chat/completions', chatCompletions(services));
  router.post('/completions', completions(services));
  router.post('/embeddings', embeddings(services));
  const pickTranscriber = (model: string) => services.transcription.pick(model);
  router.post('/audio/transcriptions', audioTranscriptions(pickTranscriber, 'transcribe'));
  router.post('/audio/translations', audioTranscriptions(pickTranscriber, 'translate'));
  router.post('/audio/speech', speech(services));
  router.get('/audio/voices', voices(services));
  router.post('/images/generations', imagesGenerations(services));
  return router;
}

/** The OpenAI-compatible routes, mounted once per prefix. */
export function openAiRouter(services: Services): Router {
  return mountUnder(openAiPrefixes, () => endpoints(services));
}
