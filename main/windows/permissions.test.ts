import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isPermissionAllowed } from './permissions.js';

const appUrl = 'file:///app/renderer/index.html';
const own = { isMainFrame: true, requestingUrl: `${appUrl}#/chat`, mediaTypes: ['audio' as const] };

test('the app page may use the microphone for dictation', () => {
  assert.equal(isPermissionAllowed('media', own, appUrl), true);
});

test('no camera, no other page or frame, no other permission', () => {
  assert.equal(isPermissionAllowed('media', { ...own, mediaTypes: ['audio', 'video'] }, appUrl), false);
  assert.equal(isPermissionAllowed('media', { ...own, mediaTypes: ['video'] }, appUrl), false);
  assert.equal(isPermissionAllowed('media', { ...own, mediaTypes: [] }, appUrl), false);
  assert.equal(isPermissionAllowed('media', { ...own, isMainFrame: false }, appUrl), false);
  assert.equal(isPermissionAllowed('media', { ...own, requestingUrl: 'https://example.com/' }, appUrl), false);
  for (const permission of ['notifications', 'geolocation', 'display-capture', 'clipboard-read', 'openExternal']) {
    assert.equal(isPermissionAllowed(permission, own, appUrl), false, permission);
  }
});
