import { BackupError } from '../core/errors';

/** What the prompt needs of stdin: a TTY that may or may not offer raw mode (Git Bash's mintty, some IDE consoles do not). */
export interface PromptInput {
  isTTY?: boolean;
  setRawMode?: (mode: boolean) => unknown;
  setEncoding(encoding: BufferEncoding): unknown;
  resume(): unknown;
  pause(): unknown;
  on(event: 'data', listener: (chunk: string) => void): unknown;
  removeListener(event: 'data', listener: (chunk: string) => void): unknown;
}

export interface PromptOptions {
  /** The environment variable the password can come from instead (--password-env). */
  variable?: string;
  /** Which shells the instructions are for (default: this computer's). */
  platform?: NodeJS.Platform;
}

/**
 * How to put the password into the environment variable in this platform's shells, without it showing on the
 * screen or staying in the shell's history.
 */
export function passwordVariableHelp(variable: string, platform: NodeJS.Platform): string {
  if (platform === 'win32') {
    return [
      `Set ${variable} first:`,
      `  PowerShell:  $env:${variable} = Read-Host -MaskInput 'Password'`,
      `               (Windows PowerShell 5.1: $env:${variable} = [Net.NetworkCredential]::new('', (Read-Host -AsSecureString 'Password')).Password)`,
      `  cmd:         set /p ${variable}=Password: `,
      `               (cmd shows what you type; prefer PowerShell)`,
      `In Git Bash, run the command through winpty (winpty cloud-db-backup …) to be asked for the password.`,
    ].join('\n');
  }
  return [`Set ${variable} first, without echo:`, `  read -rs ${variable} && export ${variable}`].join('\n');
}

// Keys that send escape sequences (arrows, Home, Delete, F-keys) must not end up in the password.
// eslint-disable-next-line no-control-regex
const escapeSequences = /\u001b(?:\[[0-9;?]*[ -/]*[@-~]|O.|.)?/g;

/**
 * Reads a password from the terminal without echoing it. Needs a TTY with raw mode; without one (input piped, a
 * terminal that lacks raw mode) it refuses with the way to give the password through the environment instead.
 */
export function promptPassword(
  question: string,
  input: PromptInput = process.stdin,
  output: Pick<NodeJS.WritableStream, 'write'> = process.stderr,
  options: PromptOptions = {},
): Promise<string> {
  const variable = options.variable ?? 'CLOUD_DB_PASSWORD';
  const cannotAsk = (why: string) =>
    new BackupError('invalid', `No password: ${why}, so it cannot be asked for without showing it. Give it in the environment variable ${variable} instead.`, {
      hint: passwordVariableHelp(variable, options.platform ?? process.platform),
    });
  return new Promise((resolve, reject) => {
    if (!input.isTTY) {
      reject(cannotAsk('the input is not a terminal'));
      return;
    }
    const setRawMode = input.setRawMode?.bind(input);
    try {
      if (!setRawMode) throw new Error('no raw mode');
      setRawMode(true);
    } catch {
      reject(cannotAsk('this terminal does not offer raw input'));
      return;
    }
    output.write(question);
    input.setEncoding('utf8');
    input.resume();
    let password = '';
    const done = (error?: Error) => {
      setRawMode(false);
      input.pause();
      input.removeListener('data', onData);
      output.write('\n');
      if (error) reject(error);
      else resolve(password);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk.replace(escapeSequences, '')) {
        // Enter is \r (Windows consoles and raw Unix terminals) or \n; Ctrl+D (Unix) and Ctrl+Z (Windows) end input.
        if (ch === '\r' || ch === '\n' || ch === '\u0004' || ch === '\u001a') return done();
        if (ch === '\u0003') return done(new BackupError('cancelled', 'No password given.'));
        // Backspace is DEL on Unix terminals and BS (Ctrl+H) on Windows consoles.
        if (ch === '\u007f' || ch === '\b') password = [...password].slice(0, -1).join('');
        else if (ch >= ' ') password += ch;
      }
    };
    input.on('data', onData);
  });
}
