// Times the lottery's wasm32 build (V8, the engine of Chromium) on a pool
// written by generate.py: compute (LEXIMIN) + round + pick.
// Usage: node wasm_bench.mjs HARNESS.wasm POOLDIR K
import fs from 'node:fs';

const [wasmPath, pooldir, kArg] = process.argv.slice(2);
const rows = (f) => fs.readFileSync(`${pooldir}/${f}`, 'utf8').trim().split(/\r?\n/).map((l) => l.split(','));
const [ch, ...cats] = rows('categories.csv');
const quotas = {};
for (const r of cats) {
  const [cat, name, min, max] = [r[ch.indexOf('category')], r[ch.indexOf('name')], r[ch.indexOf('min')], r[ch.indexOf('max')]];
  (quotas[cat] ??= {})[name] = { min: Number(min), max: Number(max) };
}
const [ph, ...people] = rows('respondents.csv');
const pool = people.map((r) => ({
  id: r[ph.indexOf('id')],
  features: Object.fromEntries(Object.keys(quotas).map((c) => [c, r[ph.indexOf(c)]])),
}));
const inputs = JSON.stringify({ pool, quotas, k: Number(kArg), objective: 'leximin' });

const { instance } = await WebAssembly.instantiate(fs.readFileSync(wasmPath), {});
const { input_buffer, run_input, out_ptr, memory } = instance.exports;
const bytes = new TextEncoder().encode(inputs);
const ptr = input_buffer(bytes.length);
new Uint8Array(memory.buffer, ptr, bytes.length).set(bytes);
const t0 = performance.now();
const len = run_input();
const seconds = (performance.now() - t0) / 1000;
const out = JSON.parse(new TextDecoder().decode(new Uint8Array(memory.buffer, out_ptr(), len)));
console.log(JSON.stringify({ seconds, ...out }));
