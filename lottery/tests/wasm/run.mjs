// Runs the lottery's determinism cases in the wasm32 build, with no imports
// (the engine has no I/O, clock or randomness), and prints `case digest`
// lines exactly like the native harness.
import fs from 'node:fs';

const bytes = fs.readFileSync(process.argv[2]);
const { instance } = await WebAssembly.instantiate(bytes, {});
const { cases, run_case, out_ptr, memory } = instance.exports;
for (let i = 0; i < cases(); i++) {
  const len = run_case(i);
  const ptr = out_ptr();
  const digest = Buffer.from(new Uint8Array(memory.buffer, ptr, len)).toString('utf8');
  console.log(`${i} ${digest}`);
}
