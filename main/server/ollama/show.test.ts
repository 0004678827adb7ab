import assert from 'node:assert/strict';
import { test } from 'node:test';
import { capabilitiesOf } from './show.js';

test('tools only for a template that uses the tools variable in a tag or an expression', () => {
  const has = (template: string) => capabilitiesOf({ template, hasInfill: false }).includes('tools');
  assert.equal(has(''), false);
  assert.equal(has("{% for m in messages %}{{ m['content'] }}{% endfor %}"), false);
  assert.equal(has('You can use no tools here. {{ messages[0].content }}'), false, 'the word in plain text');
  assert.equal(has('{{ tools_in_user_message }}'), false, 'another variable');
  assert.equal(has('{%- if tools %}{{ tools | tojson }}{% endif %}'), true);
  assert.equal(has('{{- "<tools>" + (tools | tojson) }}'), true);
  assert.equal(has('{% for tool in tools %}{{ tool.name }}{% endfor %}'), true);
  assert.deepEqual(capabilitiesOf({ template: '', hasInfill: true }), ['completion', 'insert', 'embedding']);
});
