import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CatalogEntry } from '../../../common/library.js';
import { pickForMachine } from './pick.js';

const entry = (name: string, purpose: CatalogEntry['purpose'], gb: number): CatalogEntry => ({ ref: `hf.co/x/${name}:Q4_K_M`, name, purpose, approxSizeBytes: gb * 1e9, description: '' });
const catalog = [entry('tiny', 'chat', 0.4), entry('small', 'chat', 2), entry('big', 'chat', 4.7), entry('coder', 'coding', 1), entry('embed', 'embedding', 0.08)];
const machine = (ramGb: number, vramGb = 0, cpuCores = 16) => ({ memoryTotalBytes: ramGb * 1e9, memoryFreeBytes: 0, cpuCores, gpu: vramGb ? { backend: 'cuda', devices: ['x'], vramTotalBytes: vramGb * 1e9, vramFreeBytes: 0 } : null });

test('the first-run pick is the largest chat model that fits a third of memory, never an embedding model', () => {
  assert.equal(pickForMachine(catalog, machine(8))?.name, 'small');
  assert.equal(pickForMachine(catalog, machine(16))?.name, 'big');
  assert.equal(pickForMachine(catalog, machine(8, 24))?.name, 'big', 'a large GPU counts');
  assert.equal(pickForMachine(catalog, machine(1))?.name, 'tiny', 'the smallest when none fits');
  assert.equal(pickForMachine(catalog, null)?.name, 'tiny');
  assert.equal(pickForMachine([entry('embed', 'embedding', 0.1)], machine(8)), null);
});

test('without a GPU the pick is also held to what the cores run at a readable pace', () => {
  assert.equal(pickForMachine(catalog, machine(25, 0, 2))?.name, 'tiny', '2 cores: no 2 GB model, however much memory');
  assert.equal(pickForMachine(catalog, machine(25, 0, 4))?.name, 'small');
  assert.equal(pickForMachine(catalog, machine(25, 24, 2))?.name, 'big', 'a GPU does the reading');
});
