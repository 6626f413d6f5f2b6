/**
 * What a command received: a tree node (from a view menu), an id or path (from code or a notification), or
 * nothing (from the Command Palette). Pure, so the menus-to-handlers contract is testable.
 */
export function environmentIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (typeof arg === 'object' && arg !== null) {
    const node = arg as { kind?: unknown; environmentId?: unknown };
    if ((node.kind === 'environment' || node.kind === 'folder') && typeof node.environmentId === 'string') {
      return node.environmentId;
    }
  }
  return undefined;
}

export function backupPathOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (typeof arg === 'object' && arg !== null) {
    const node = arg as { kind?: unknown; path?: unknown; fsPath?: unknown; scheme?: unknown };
    if (node.kind === 'file' && typeof node.path === 'string') return node.path;
    // A vscode.Uri, e.g. from the Explorer's context menu.
    if (node.scheme === 'file' && typeof node.fsPath === 'string') return node.fsPath;
  }
  return undefined;
}

/** A project node (its environments' ids and its name), from the Environments tree's project menu. */
export function projectNodeOf(arg: unknown): { project: string; environmentIds: string[] } | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const node = arg as { kind?: unknown; label?: unknown; children?: unknown };
  if (node.kind !== 'project' || typeof node.label !== 'string' || !Array.isArray(node.children)) return undefined;
  const environmentIds = node.children.map((c) => environmentIdOf(c)).filter((id): id is string => id !== undefined);
  return { project: node.label, environmentIds };
}

/** A saved local database: its id, or its node in the Local Databases view. */
export function localTargetIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (typeof arg === 'object' && arg !== null) {
    const node = arg as { kind?: unknown; targetId?: unknown };
    if (node.kind === 'localTarget' && typeof node.targetId === 'string') return node.targetId;
  }
  return undefined;
}
