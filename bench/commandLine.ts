/**
 * The benchmarks' command line, shared by bench.ts and restoreBench.ts: `npm run bench` hands its `--sizes` on to
 * the restore benchmark, so both must read a size the same way.
 */
const MB = 1024 * 1024;

/** `100M`, `1G`, `512K`, `1.5G`, with or without a trailing B; a bare number is megabytes. */
export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([KMG])?B?$/i.exec(text.trim());
  if (!m) throw new Error(`bad size ${text} (examples: 100M, 1G)`);
  const unit = { K: 1024, M: MB, G: 1024 * MB }[(m[2] ?? 'M').toUpperCase() as 'K' | 'M' | 'G'];
  return Math.round(Number(m[1]) * unit);
}

/** The value of `--name=value` on this process's command line. */
export function option(name: string): string | undefined {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit?.slice(name.length + 3);
}
