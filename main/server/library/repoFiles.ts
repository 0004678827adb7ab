import type { Context } from 'koa';
import { z } from 'zod';
import type { Services } from '../../services.js';
import { clientGoneSignal } from '../stream.js';

const query = z.object({ revision: z.string().regex(/^[A-Za-z0-9._\-/]+$/).default('main') });
const repoName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/);

/** GET /v1/admin/library/repos/:user/:repo/files: the repo's GGUF models with size, quantization and fit. */
export function repoFiles(services: Services) {
  return async (ctx: Context) => {
    const { revision } = query.parse(ctx.query);
    const repo = `${repoName.parse(ctx.params.user)}/${repoName.parse(ctx.params.repo)}`;
    ctx.body = { object: 'list', repo, revision, data: await services.library.repoFiles(repo, revision, clientGoneSignal(ctx)) };
  };
}
