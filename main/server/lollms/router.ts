import Router from '@koa/router';
import { lollmsImageEditRequest, lollmsSpeechRequest } from '../../../common/api/lollms.js';
import type { Services } from '../../services.js';
import { CurrentModel } from '../CurrentModel.js';
import { listModels, retrieveModel } from '../openAiModels.js';
import type { Lollms } from './context.js';
import { detokenize } from './detokenize.js';
import { longContextProcess } from './longContextProcess.js';
import { notImplemented } from './notImplemented.js';
import { ragDatabases } from './ragDatabases.js';
import { ragQuery } from './ragQuery.js';
import { tokenize } from './tokenize.js';

const noSpeech = 'Hearth has no text-to-speech engine yet, so it can neither speak text nor list voices.';
const noImages = 'Hearth has no image engine yet, so it can not edit images.';

/**
 * The LoLLMs services under /lollms/v1. Errors are OpenAI-shaped (family.ts). Services Hearth lacks
 * answer 501 with what is missing, so LoLLMs clients get a clear answer rather than a 404.
 */
export function lollmsRouter(services: Services): Router {
  const lollms: Lollms = { services, current: new CurrentModel(services.engine) };
  const router = new Router({ prefix: '/lollms/v1' });
  // The same listing as /v1/models: LoLLMs clients read the OpenAI shape there too.
  router.get('/models', listModels(services));
  router.get('/models/*id', retrieveModel(services));
  router.post('/tokenize', tokenize(lollms));
  router.post('/detokenize', detokenize(lollms));
  router.post('/long_context_process', longContextProcess(lollms));
  router.get('/rag/databases', ragDatabases(lollms));
  router.post('/rag/query', ragQuery(lollms));
  router.post('/audio/speech', notImplemented(noSpeech, lollmsSpeechRequest));
  router.get('/audio/voices', notImplemented(noSpeech));
  router.post('/images/edit', notImplemented(noImages, lollmsImageEditRequest));
  return router;
}
