/**
 * `text.replace(pattern, fn)` for a global pattern without holding every match at once. V8 collects all matches
 * of a global replace-with-function before it builds the result, so a text of millions of references (hostile XML)
 * runs it out of memory; this loop keeps one match and a bounded list of pieces at a time.
 */
export function replaceEach(text: string, pattern: RegExp, replace: (match: RegExpExecArray) => string): string {
  const re = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
  const joined: string[] = [];
  let pieces: string[] = [];
  let last = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    pieces.push(text.slice(last, m.index), replace(m));
    last = m.index + m[0].length;
    if (m[0].length === 0) re.lastIndex++;
    if (pieces.length >= 8192) {
      joined.push(pieces.join(''));
      pieces = [];
    }
  }
  pieces.push(text.slice(last));
  joined.push(pieces.join(''));
  return joined.join('');
}
