import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Ollama } from 'ollama';
import { modelAlias } from '../../../common/settings.js';
import { SettingsStore } from '../../config/SettingsStore.js';
import { startTestServer, type TestServer } from '../../../test/startServer.js';
import { missingTestModels, testModels } from '../../../test/testModels.js';

const model = testModels.tiny;
/** Names no alias may take: control characters, paths, and a 100 KB name. */
const badNames = ['story\u0000teller', 'line\nbreak', 'tab\tname', '../etc/passwd', '/abs', 'a\\b', '.hidden', 'team/.git', 'a//b', 'a/..', 'trailing/', ' padded', 'x'.repeat(129), 'x'.repeat(100_000), 'a/:latest'];

describe('alias names', { skip: missingTestModels([model]) }, () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ models: [model] });
  });
  after(() => server?.close());

  const copy = (destination: string) => fetch(`${server.url}/api/copy`, { method: 'POST', body: JSON.stringify({ source: model, destination }) });

  test('/api/copy refuses a destination that is not a safe name with a 400 in Ollama’s shape, and saves nothing', async () => {
    for (const name of badNames) {
      const response = await copy(name);
      assert.equal(response.status, 400, JSON.stringify(name.slice(0, 40)));
      const body = await response.json();
      assert.equal(typeof body.error, 'string');
      assert.match(body.error, /destination/);
    }
    assert.deepEqual(server.services.settings.get().models[model]?.aliases ?? [], []);
    const settingsFile = JSON.parse(await readFile(path.join(server.dataDir, 'settings.json'), 'utf8'));
    assert.equal(JSON.stringify(settingsFile).includes('passwd'), false);
  });

  test('Ollama-style names, namespaces and tags included, are still taken', async () => {
    const client = new Ollama({ host: server.url });
    for (const name of ['storyteller', 'team/storyteller:v2', 'hf.co/user/repo:Q4_K_M', 'x'.repeat(128), 'Grüße 2']) {
      assert.equal((await client.copy({ source: model, destination: name })).status, 'success', name);
    }
    const listed = (await client.list()).models.map((entry) => entry.name);
    assert.ok(listed.includes('team/storyteller:v2'), listed.join(', '));
  });

  test('the admin model settings route refuses such an alias with a 400 naming the field', async () => {
    const response = await fetch(`${server.url}/v1/admin/library/models/${model}/settings`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ aliases: ['ok', '../up'] }) });
    assert.equal(response.status, 400);
    const { error } = await response.json();
    assert.equal(error.param, 'aliases.1');
  });
});

describe('aliases in settings.json', () => {
  test('a settings file with an unsafe alias is refused at start with the reason', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'hearth-alias-'));
    try {
      await writeFile(path.join(root, 'settings.json'), JSON.stringify({ models: { story: { aliases: ['fine', 'bad\u0000name'] } } }));
      await assert.rejects(SettingsStore.open(root, path.join(root, 'models')), /settings\.json is not valid:[\s\S]*printable characters only/);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  test('the schema is the one rule', () => {
    for (const name of badNames.filter((name) => name !== 'a/:latest')) assert.equal(modelAlias.safeParse(name).success, false, JSON.stringify(name.slice(0, 40)));
    for (const name of ['a', 'a/b:c', 'my-model.v2', 'x'.repeat(128)]) assert.equal(modelAlias.safeParse(name).success, true, name);
  });
});
