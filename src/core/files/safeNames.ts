/**
 * What a single file or folder name may be on Windows, macOS and Linux alike. Backups are often made on one
 * system and copied to another (or kept in a synced folder), so every name follows the strictest rules.
 */
import { createHash } from 'node:crypto';

/** Characters Windows, macOS and Linux refuse in a file name: control characters are exactly what it must catch. */
// eslint-disable-next-line no-control-regex
export const unsafeFileNameChars = /[<>:"/\\|?*\u0000-\u001f]/g;

/**
 * Names Windows gives to devices, with or without an extension (`NUL.bacpac` is the null device too);
 * superscript digits count as digits there.
 */
const windowsDeviceName = /^(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³]|CONIN\$|CONOUT\$)$/i;

/** Whether Windows takes a name whose part before the first dot is `stem` for a device (it ignores spaces there). */
export function isWindowsDeviceStem(stem: string): boolean {
  return windowsDeviceName.test(stem.trimEnd());
}

/** 255 is the limit of NTFS, ext4, APFS and most others (NTFS counts UTF-16 units, never more than UTF-8 bytes). */
export const maxNameBytes = 255;

/** Cuts `text` to `budgetBytes` and ends it with a short hash of `fullName`, so two long names stay apart. */
export function shortenWithHash(text: string, fullName: string, budgetBytes: number): string {
  const tag = `~${createHash('sha256').update(fullName).digest('hex').slice(0, 8)}`;
  const chars = [...text];
  while (chars.length > 0 && Buffer.byteLength(chars.join('')) > budgetBytes - tag.length) chars.pop();
  return chars.join('') + tag;
}

/**
 * A project or environment name made safe as one folder name: forbidden characters become `_`; trailing dots and
 * spaces (Windows drops them) go; leading dots (hidden on macOS and Linux) become `_`; a device name gets `_`
 * (`CON` → `CON_`); a name too long for a file system is shortened with a hash of the whole name.
 */
export function safeFolderName(name: string): string {
  let cleaned = name.replace(unsafeFileNameChars, '_').replace(/[. ]+$/, '').trim();
  if (cleaned === '') return '_';
  cleaned = cleaned.replace(/^\.+/, (dots) => '_'.repeat(dots.length));
  const dot = cleaned.indexOf('.');
  const stem = dot < 0 ? cleaned : cleaned.slice(0, dot);
  if (isWindowsDeviceStem(stem)) cleaned = `${stem}_${cleaned.slice(stem.length)}`;
  return Buffer.byteLength(cleaned) > maxNameBytes ? shortenWithHash(cleaned, name, maxNameBytes) : cleaned;
}
