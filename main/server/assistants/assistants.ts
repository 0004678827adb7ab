import type { Context } from 'koa';
import { pageList } from '../pageList.js';
import {
  assistantListQuery,
  createAssistantRequest,
  updateAssistantRequest,
} from '../../../common/assistants.js';
import { HearthError, InvalidRequestError, NotFoundError } from '../../../common/errors.js';
import { applyAssistantRequest, type AssistantFields } from '../../assistants/assistantFields.js';
import { localActor } from '../../rag/access.js';
import type { Services } from '../../services.js';

function assistantNotFound(id: string): NotFoundError {
  return new NotFoundError(`No assistant found with id '${id}'.`, { param: 'assistant_id', code: 'assistant_not_found' });
}

/**
 * Refuses what would make the assistant fail on every use: a model this server doesn't have (a model
 * to download later can be set with a modify once it is here; an error now beats an assistant that
 * answers 404 to every chat), a datastore that doesn't exist, or a name a model already answers to
 * (the model would win, and the assistant could never be reached by that name).
 */
async function checkFields(services: Services, fields: AssistantFields): Promise<AssistantFields> {
  const isModel = async (name: string) =>
    services.engine.resolveId(name).then(
      () => true,
      () => false,
    );
  if (!(await isModel(fields.model))) {
    throw new InvalidRequestError(`The model '${fields.model}' is not on this server. GET /v1/models lists the models Hearth can serve.`, { param: 'model', code: 'model_not_found' });
  }
  if (fields.name !== null && (await isModel(fields.name))) {
    throw new InvalidRequestError(`'${fields.name}' is a model's name here; an assistant named so could never be reached. Choose another name.`, { param: 'name', code: 'name_taken' });
  }
  (fields.tool_resources.file_search?.vector_store_ids ?? []).forEach((id, index) => {
    try {
      // The local user is an admin: this checks that the datastore exists; who may change assistants is checked by the router.
      services.rag.readable(localActor, id);
    } catch (error) {
      if (!(error instanceof HearthError) || error.status !== 404) throw error;
      throw new InvalidRequestError(`No datastore '${id}'. GET /v1/datastores lists them.`, { param: `tool_resources.file_search.vector_store_ids.${index}`, code: 'datastore_not_found' });
    }
  });
  return fields;
}

/** POST /assistants */
export function createAssistant(services: Services) {
  return async function assistantCreate(ctx: Context): Promise<void> {
    const body = createAssistantRequest.parse(ctx.request.body ?? {});
    ctx.body = await services.assistants.create(await checkFields(services, applyAssistantRequest(body)));
  };
}

/** GET /assistants */
export function listAssistants(services: Services) {
  return async function assistantList(ctx: Context): Promise<void> {
    ctx.body = pageList(services.assistants.list(), assistantListQuery.parse(ctx.query), 'assistant');
  };
}

/** GET /assistants/{id} */
export function retrieveAssistant(services: Services) {
  return async function assistantGet(ctx: Context): Promise<void> {
    const id = ctx.params.id as string;
    const found = services.assistants.get(id);
    if (!found) throw assistantNotFound(id);
    ctx.body = found;
  };
}

/** POST /assistants/{id}: a field left out keeps its value, null clears it. */
export function updateAssistant(services: Services) {
  return async function assistantUpdate(ctx: Context): Promise<void> {
    const id = ctx.params.id as string;
    const body = updateAssistantRequest.parse(ctx.request.body ?? {});
    const updated = await services.assistants.update(id, (current) => checkFields(services, applyAssistantRequest(body, current)));
    if (!updated) throw assistantNotFound(id);
    ctx.body = updated;
  };
}

/** DELETE /assistants/{id} */
export function deleteAssistant(services: Services) {
  return async function assistantDelete(ctx: Context): Promise<void> {
    const id = ctx.params.id as string;
    if (!(await services.assistants.delete(id))) throw assistantNotFound(id);
    ctx.body = { id, object: 'assistant.deleted', deleted: true };
  };
}
