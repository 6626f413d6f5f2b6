import { BackupError } from '../core/errors';

/** Reads a password from the terminal without echoing it. */
export function promptPassword(question: string, input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!input.isTTY) {
      reject(new BackupError('invalid', 'No password: set the environment variable named by --password-env (default CLOUD_DB_PASSWORD), or run in a terminal to be asked.'));
      return;
    }
    output.write(question);
    input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    let password = '';
    const done = (error?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.removeListener('data', onData);
      output.write('\n');
      if (error) reject(error);
      else resolve(password);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return done();
        if (ch === '\u0003') return done(new BackupError('cancelled', 'No password given.'));
        if (ch === '\u007f' || ch === '\b') password = password.slice(0, -1);
        else password += ch;
      }
    };
    input.on('data', onData);
  });
}
