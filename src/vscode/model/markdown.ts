/**
 * Escapes text for MarkdownString tooltips and the verification report, so names cannot inject markup.
 * Inline markup characters are escaped everywhere; block markers (`#`, `-`, `+`, `1.`) only where they would
 * start a block, which keeps names like `shop-live.bacpac` readable in the Markdown source.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}[\]<>|~!]/g, (c) => `\\${c}`)
    .replace(/^(\s*)([#+-]|\d+\.)/gm, (_all, space: string, marker: string) => `${space}\\${marker}`);
}
