/** A small, strict command-line parser: known flags only, `--flag value` or `--flag=value`, repeatable lists. */
export interface FlagSpec {
  name: string;
  /** `boolean` flags take no value. */
  kind: 'string' | 'number' | 'boolean' | 'list';
  short?: string;
}

export interface ParsedArgs {
  flags: Record<string, string | number | boolean | string[] | undefined>;
  positionals: string[];
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function parseArgs(argv: string[], specs: FlagSpec[]): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  const flags: ParsedArgs['flags'] = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const rawName = eq >= 0 ? arg.slice(0, eq) : arg;
    const spec = rawName.startsWith('--') ? byName.get(rawName.slice(2)) : byShort.get(rawName.slice(1));
    if (!spec) throw new UsageError(`Unknown option '${rawName}'.`);
    if (spec.kind === 'boolean') {
      if (eq >= 0) throw new UsageError(`Option '--${spec.name}' takes no value.`);
      flags[spec.name] = true;
      continue;
    }
    let value: string | undefined = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new UsageError(`Option '--${spec.name}' needs a value.`);
    if (spec.kind === 'number') {
      if (!/^\d+$/.test(value)) throw new UsageError(`Option '--${spec.name}' needs a whole number, not '${value}'.`);
      flags[spec.name] = Number(value);
    } else if (spec.kind === 'list') {
      flags[spec.name] = [...((flags[spec.name] as string[] | undefined) ?? []), value];
    } else {
      flags[spec.name] = value;
    }
    value = undefined;
  }
  return { flags, positionals };
}
