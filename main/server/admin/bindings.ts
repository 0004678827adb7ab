import type { Context } from 'koa';
import { createBindingInput, updateBindingInput } from '../../../common/bindings.js';
import type { Services } from '../../services.js';

/**
 * /v1/admin/bindings: remote upstreams whose models Hearth serves. Answers never hold an API key, only
 * `hasApiKey` and where keys are kept (`keyStorage`).
 */
export function bindingsRoutes(services: Services) {
  const id = (ctx: Context) => String(ctx.params.id);
  return {
    async list(ctx: Context) {
      ctx.body = { object: 'list', data: await services.bindings.summaries() };
    },
    async create(ctx: Context) {
      const input = createBindingInput.strict().parse(ctx.request.body ?? {});
      ctx.status = 201;
      ctx.body = await services.bindings.create(input);
    },
    async update(ctx: Context) {
      ctx.body = await services.bindings.update(id(ctx), updateBindingInput.strict().parse(ctx.request.body ?? {}));
    },
    async delete(ctx: Context) {
      await services.bindings.delete(id(ctx));
      ctx.body = { id: id(ctx), object: 'binding', deleted: true };
    },
    async test(ctx: Context) {
      ctx.body = await services.bindings.test(id(ctx));
    },
  };
}
