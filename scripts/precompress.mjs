// Writes next to each file of the built site that browsers download (the
// page bundle, the verifier, the editor) its brotli (quality 11) and gzip
// (level 9) copies, which the server sends as they are to browsers that
// accept them (ServeDir's precompressed files): the smallest download,
// and no compression work per request. Run by scripts/build.sh --release.
//   node scripts/precompress.mjs target/site
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const site = process.argv[2] ?? 'target/site';
const KINDS = /\.(wasm|js|css|json)$/;

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (KINDS.test(name)) yield path;
  }
}

let count = 0;
for (const dir of ['pkg', 'verifier', 'editor']) {
  let found;
  try {
    found = [...files(join(site, dir))];
  } catch {
    continue;
  }
  for (const path of found) {
    const data = readFileSync(path);
    writeFileSync(
      `${path}.br`,
      brotliCompressSync(data, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 11,
          [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
        },
      }),
    );
    writeFileSync(`${path}.gz`, gzipSync(data, { level: 9 }));
    count += 1;
  }
}
console.log(`precompressed ${count} files in ${site}`);
