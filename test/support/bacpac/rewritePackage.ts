/** Copies a package entry by entry, letting a test change what an entry holds (to build damaged packages). */
import { ZipFileWriter } from '../../../src/core/package/zipFileWriter';
import { ZipReader } from '../../../src/core/package/zipReader';

export async function rewritePackage(source: string, target: string, change: (name: string, data: Buffer) => Buffer): Promise<void> {
  const reader = await ZipReader.open(source);
  const writer = await ZipFileWriter.create(target);
  try {
    for (const entry of reader.entries) {
      const data = await reader.readEntry(entry.name);
      await writer.addEntry(entry.name, change(entry.name, data), entry.method === 0 ? null : 6);
    }
    await writer.finish();
  } finally {
    await reader.close();
  }
}
