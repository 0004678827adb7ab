import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse } from 'yaml';

// The packaged app is built elsewhere (electron-builder needs each platform's toolchain), so what can be
// checked here is the configuration it is built from.
const config = parse(readFileSync(new URL('../electron-builder.yml', import.meta.url), 'utf8')) as {
  electronFuses?: Record<string, boolean>;
  asarUnpack?: string[];
  files?: string[];
};

test('the packaged Electron binary has its fuses flipped', () => {
  assert.deepEqual(config.electronFuses, {
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    enableCookieEncryption: true,
  });
});

test('the Electron in use is a supported major (the latest three)', () => {
  const { version } = JSON.parse(readFileSync(new URL('../node_modules/electron/package.json', import.meta.url), 'utf8')) as { version: string };
  // Electron 45 was the newest stable major when this was written; raise the floor as majors leave support.
  assert.ok(Number(version.split('.')[0]) >= 43, `electron ${version} is out of support`);
});

test('native modules stay unpacked from the ASAR', () => {
  for (const pattern of ['node_modules/node-llama-cpp/**', 'node_modules/@node-llama-cpp/**', 'node_modules/@lancedb/**']) {
    assert.ok(config.asarUnpack?.includes(pattern), `${pattern} must be unpacked`);
  }
});
