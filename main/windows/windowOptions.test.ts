import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contentSecurityPolicy, isExternalLink, mainWindowOptions } from './windowOptions.js';

test('the main window is isolated, sandboxed and has no Node', () => {
  const { webPreferences } = mainWindowOptions('/app/preload.cjs');
  assert.equal(webPreferences.contextIsolation, true);
  assert.equal(webPreferences.sandbox, true);
  assert.equal(webPreferences.nodeIntegration, false);
  assert.equal(webPreferences.nodeIntegrationInWorker, false);
  assert.equal(webPreferences.nodeIntegrationInSubFrames, false);
  assert.equal(webPreferences.webSecurity, true);
  assert.equal(webPreferences.allowRunningInsecureContent, false);
  assert.equal(webPreferences.webviewTag, false);
  assert.equal(webPreferences.preload, '/app/preload.cjs');
});

test('the CSP allows only the app itself', () => {
  const directives = new Map(
    contentSecurityPolicy.split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );
  assert.deepEqual(directives.get('default-src'), ["'none'"]);
  assert.deepEqual(directives.get('script-src'), ["'self'"]);
  assert.deepEqual(directives.get('object-src'), ["'none'"]);
  assert.deepEqual(directives.get('base-uri'), ["'none'"]);
  assert.deepEqual(directives.get('frame-ancestors'), ["'none'"]);
  for (const [name, values] of directives) {
    for (const forbidden of ["'unsafe-inline'", "'unsafe-eval'", '*', 'http:', 'https:', 'data:']) {
      if (name === 'img-src' && forbidden === 'data:') continue;
      assert.ok(!values.includes(forbidden), `${name} allows ${forbidden}`);
    }
  }
});

test('only web and mail links go to the browser', () => {
  assert.equal(isExternalLink('https://huggingface.co/models'), true);
  assert.equal(isExternalLink('mailto:a@b.c'), true);
  for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'not a url', 'ms-msdt:/id']) {
    assert.equal(isExternalLink(url), false, url);
  }
});
