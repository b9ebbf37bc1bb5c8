/**
 * Regenerate `halfwords.json.gz` from GNU binutils 2.40:
 *
 *   npx tsx --conditions=source assembler/test/isa/_golden/generate-halfwords.ts
 */
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GOLDEN, recordFromTools, writeRecord } from '../_helpers/halfwords.js';

const record = recordFromTools();
writeRecord(record);
console.log(`${fileURLToPath(GOLDEN)}: ${record.listing.length} instructions, ${record.expansions.filter(Boolean).length} expansions, ${statSync(GOLDEN).size} bytes (${record.tools})`);
