import { gzipSync } from "node:zlib";
import type { Plugin } from "vite";

/** The parts of an output chunk the budget looks at (Rollup/Rolldown's OutputChunk has them). */
export interface BudgetChunk {
  readonly fileName: string;
  readonly code: string;
  readonly isEntry: boolean;
  readonly imports: readonly string[];
  readonly moduleIds: readonly string[];
}

/**
 * The JS files a browser loads to show the login page: the entry chunk, any chunk holding a
 * module of the login page, and everything those import statically. Lazy chunks of other pages
 * are not loaded there, so they do not count.
 */
export function loginPageChunks(chunks: readonly BudgetChunk[], pageDir: string): BudgetChunk[] {
  const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
  const pending = chunks
    .filter((chunk) => chunk.isEntry || chunk.moduleIds.some((id) => id.includes(pageDir)))
    .map((chunk) => chunk.fileName);
  const loaded = new Set<string>();
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (loaded.has(name)) continue;
    loaded.add(name);
    pending.push(...(byName.get(name)?.imports ?? []));
  }
  return chunks.filter((chunk) => loaded.has(chunk.fileName));
}

export function gzipKb(code: string): number {
  return gzipSync(code, { level: 9 }).length / 1000;
}

interface BudgetOptions {
  /** Path fragment of the login page's modules, e.g. "/src/routes/login/". */
  readonly pageDir: string;
  readonly limitKb: number;
}

/**
 * Prints the gzip size of the login page's JS after every production build and fails the build
 * when it is over the limit (issue 6: at most 150 kB).
 */
export function loginPageBudget({ pageDir, limitKb }: BudgetOptions): Plugin {
  return {
    name: "login-page-budget",
    apply: "build",
    generateBundle(_, bundle) {
      const chunks = Object.values(bundle).flatMap((output) =>
        output.type === "chunk" ? [output] : [],
      );
      const files = loginPageChunks(chunks, pageDir);
      if (!files.some((chunk) => chunk.moduleIds.some((id) => id.includes(pageDir)))) {
        this.error(`login-page budget: no chunk holds a module under ${pageDir}`);
      }
      const sizes = files.map((chunk) => ({ file: chunk.fileName, kb: gzipKb(chunk.code) }));
      const total = sizes.reduce((sum, { kb }) => sum + kb, 0);
      const lines = sizes.map(({ file, kb }) => `  ${file}  ${kb.toFixed(1)} kB gzip`);
      const verdict = `login page JS: ${total.toFixed(1)} kB gzip (budget ${limitKb} kB)`;
      // Printed on every build, so that growth shows up in CI logs before it fails.
      console.log(`\n${verdict}\n${lines.join("\n")}`);
      if (total > limitKb) this.error(`${verdict}: over budget`);
    },
  };
}
