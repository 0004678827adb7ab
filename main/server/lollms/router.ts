import Router from '@koa/router';
import type { Services } from '../../services.js';
import { CurrentModel } from '../CurrentModel.js';
import { listModels, retrieveModel } from '../openAiModels.js';
import { lollmsSpeech } from '../audio/lollmsSpeech.js';
import { voices } from '../audio/voices.js';
import type { Lollms } from './context.js';
import { detokenize } from './detokenize.js';
import { longContextProcess } from './longContextProcess.js';
import { ragDatabases } from './ragDatabases.js';
import { ragQuery } from './ragQuery.js';
import { tokenize } from './tokenize.js';
import { lollmsImageEdit } from '../images/lollmsImageEdit.js';


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
  router.post('/audio/speech', lollmsSpeech(services));
  router.get('/audio/voices', voices(services));
  router.post('/images/edit', lollmsImageEdit(services));
  return router;
}
