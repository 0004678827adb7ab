import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appDataDir } from '../config/appDataDir.js';
import { keyCreateCommand } from './keyCommand.js';

test('the key command names the data dir unless it is the default one', () => {
  assert.equal(keyCreateCommand({ dataDir: appDataDir(), alias: 'my-app' }), 'npm run hearth -- keys create --alias my-app');
  assert.equal(keyCreateCommand({ dataDir: '/srv/hearth', alias: 'web-ui', role: 'admin' }), 'npm run hearth -- keys create --alias web-ui --role admin --data-dir /srv/hearth');
  assert.equal(keyCreateCommand({ dataDir: '/tmp/my data', alias: 'a' }), 'npm run hearth -- keys create --alias a --data-dir "/tmp/my data"');
});
