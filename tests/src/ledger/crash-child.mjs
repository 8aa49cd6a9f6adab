// Child process of crash.test.ts: registers documents in a loop on the embedded ledger in DIR and prints
// `ACK <index> <guid>` for every acknowledged registration, until it is killed.
// Usage: node crash-child.mjs DIR IDENTITIES.json START_TIME
import { readFileSync } from 'node:fs';
import { EmbeddedLedger } from '@mchd/ledger';
import { crashDocument } from './crash-document.mjs';

const [dir, identitiesFile, start] = process.argv.slice(2);
const registrar = JSON.parse(readFileSync(identitiesFile, 'utf8'))['registry.registrar'];
let t = Date.parse(start);
const ledger = await EmbeddedLedger.open({ directory: dir, clock: () => new Date(t++) });

let next = 0;
async function worker() {
  for (;;) {
    const i = next++;
    const r = await ledger.register(crashDocument(i), registrar);
    process.stdout.write(`ACK ${i} ${r.guid}\n`);
  }
}
process.stdout.write('READY\n');
await Promise.all(Array.from({ length: 32 }, worker));
