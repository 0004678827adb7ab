import type { Context } from 'koa';
import { modelSettingsPatch as patchSchema } from '../../../common/library.js';
import type { Services } from '../../services.js';

/** GET /v1/admin/library/models/:id/settings: the saved per-model settings and the defaults under them. */
export function modelSettingsGet(services: Services) {
  return async (ctx: Context) => {
    const model = await services.library.get(ctx.params.id!);
    ctx.body = { id: model.id, settings: model.settings, defaults: services.settings.get().modelDefaults };
  };
}

/** PATCH /v1/admin/library/models/:id/settings: fields set to null go back to the default; applies at the next load. */
export function modelSettingsPatch(services: Services) {
  return async (ctx: Context) => {
    const patch = patchSchema.parse(ctx.request.body ?? {});
    const settings = await services.library.updateSettings(ctx.params.id!, patch);
    ctx.body = { id: ctx.params.id, settings, defaults: services.settings.get().modelDefaults };
  };
}
