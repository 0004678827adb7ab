import { isDeepStrictEqual } from 'node:util';
import type { Context } from 'koa';
import { restartSettings, settingsPatch, type SettingsView } from '../../../common/ipc/calls/settings.js';
import type { HearthSettings } from '../../../common/settings.js';
import type { Services } from '../../services.js';

/** The settings as the UI shows them: no Hugging Face token, and which changes wait for a restart. */
function view(services: Services, atStart: HearthSettings): SettingsView {
  const { hfToken, ...settings } = services.settings.get();
  return {
    settings,
    hasHfToken: !!hfToken,
    overridden: services.settings.overriddenKeys(),
    restartRequired: restartSettings.filter((key) => !isDeepStrictEqual(atStart[key], services.settings.get()[key])),
  };
}

/**
 * GET and PATCH /v1/admin/settings for the UI's Settings and Server screens. `atStart` is what the server
 * was started with: listener, logger and GPU settings changed since then apply at the next start.
 */
export function settingsRoutes(services: Services) {
  const atStart = services.settings.get();
  return {
    get: (ctx: Context) => {
      ctx.body = view(services, atStart);
    },
    patch: async (ctx: Context) => {
      const { hfToken, ...patch } = settingsPatch.parse(ctx.request.body ?? {});
      await services.settings.update({ ...patch, ...(hfToken === undefined ? {} : { hfToken: hfToken ?? undefined }) });
      ctx.body = view(services, atStart);
    },
  };
}
