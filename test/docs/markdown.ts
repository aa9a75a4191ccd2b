/** Just enough Markdown for the documentation tests: fenced blocks, inline links and GitHub's heading anchors. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../bin/cli/threshold-source';

export interface FencedBlock {
  /** The info string after the opening fence, e.g. `sh offline`. */
  readonly info: string;
  readonly lines: readonly string[];
}

/** README.md and every docs/*.md, as paths relative to the package root. */
export function documentationFiles(): string[] {
  const docs = readdirSync(join(PACKAGE_ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`);
  return ['README.md', ...docs];
}

export function readDoc(file: string): string {
  return readFileSync(join(PACKAGE_ROOT, file), 'utf8');
}

export function fencedBlocks(markdown: string): FencedBlock[] {
  const blocks: FencedBlock[] = [];
  let open: { info: string; fence: string; lines: string[] } | undefined;
  for (const line of markdown.split('\n')) {
    const fence = /^\s*(`{3,}|~{3,})(.*)$/.exec(line);
    if (!open && fence) {
      open = { info: (fence[2] ?? '').trim(), fence: fence[1] ?? '```', lines: [] };
    } else if (open && fence && line.trim().startsWith(open.fence) && (fence[2] ?? '').trim() === '') {
      blocks.push({ info: open.info, lines: open.lines });
      open = undefined;
    } else if (open) {
      open.lines.push(line);
    }
  }
  return blocks;
}

/** The text outside fenced blocks (and, unless kept, inline code): where links are links and headings are headings. */
export function prose(markdown: string, keepInlineCode = false): string {
  const kept: string[] = [];
  let inFence: string | undefined;
  for (const line of markdown.split('\n')) {
    const fence = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence && (inFence === undefined || fence.startsWith(inFence))) {
      inFence = inFence === undefined ? fence : undefined;
      continue;
    }
    if (inFence === undefined) kept.push(keepInlineCode ? line : line.replace(/`[^`]*`/g, ''));
  }
  return kept.join('\n');
}

/** Targets of inline links and images, `[text](target "title")`. */
export function linkTargets(markdown: string): string[] {
  return [...prose(markdown).matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => match[1] ?? '');
}

/** GitHub's anchors for the headings of a document (duplicates get -1, -2, ...). */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of prose(markdown, true).split('\n')) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const slug = slugOf(heading);
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

export function slugOf(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}
