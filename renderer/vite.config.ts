import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { contentSecurityPolicyMeta as metaPolicy } from '../common/contentSecurityPolicy.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Electron loads the UI from file:, which has no response headers, so the built page carries its CSP itself. */
function contentSecurityPolicyMeta(): Plugin {
  return {
    name: 'hearth-csp-meta',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: metaPolicy }, injectTo: 'head-prepend' }],
  };
}

export default defineConfig({
  root: here,
  // Relative asset URLs work both from file: in Electron and from / in the web UI.
  base: './',
  plugins: [react(), contentSecurityPolicyMeta()],
  build: {
    outDir: path.resolve(here, '..', 'dist', 'renderer'),
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: false,
  },
});
