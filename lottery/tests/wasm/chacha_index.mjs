// Independent check of the seed → index rule: ChaCha20 keystream from Node's
// OpenSSL, then the documented rejection sampling. Prints "index word".
import crypto from 'node:crypto';
const key = Buffer.from([...Array(32).keys()]);
const iv = Buffer.alloc(16); // 32-bit counter 0 + 96-bit nonce 0
const c = crypto.createCipheriv('chacha20', key, iv);
const ks = c.update(Buffer.alloc(64));
const n = 1000; const limit = 2 ** 32 - (2 ** 32 % n);
for (let i = 0; i < 16; i++) { const x = ks.readUInt32LE(4 * i); if (x < limit) { console.log(x % n, x); break; } }
