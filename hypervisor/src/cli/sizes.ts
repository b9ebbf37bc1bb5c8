import { UsageError } from './output.js';

/** "128M", "1G", "65536" → bytes. */
export function parseSize(text: string): number {
  const m = /^(\d+)([KMG]i?B?)?$/i.exec(text.trim());
  if (!m) throw new UsageError(`not a size: '${text}' (examples: 64M, 1G)`);
  const unit = (m[2] ?? '').toUpperCase()[0];
  return Number(m[1]) * (unit === 'K' ? 1024 : unit === 'M' ? 1024 ** 2 : unit === 'G' ? 1024 ** 3 : 1);
}
