// One-file builds of the Node entry points (the server and the CLI). Started from tsc's output,
// Node 20 spent ~0.7 s of the server's cold start finding, reading and compiling the ~1,500
// files of the dependency tree (MikroORM, knex, Fastify, ...); one file skips the lookups.
import { defineConfig } from "rolldown";

/** Packages with native addons stay in node_modules: they load their binaries from there. */
const nativeAddons = ["argon2", "sqlite3"];

/**
 * Database drivers that knex and MikroORM require only when configured for that database:
 * neither installed nor bundled. PostgreSQL's (pg, pure JavaScript) is bundled; its optional
 * native binding and Cloudflare socket are not.
 */
const otherDatabaseDrivers = [
  "better-sqlite3",
  "libsql",
  "mariadb",
  "mysql",
  "mysql2",
  "oracledb",
  "pg-native",
  "pg-cloudflare",
  "pg-query-stream",
  "tedious",
];

const external = [...nativeAddons, ...otherDatabaseDrivers];

/**
 * `input` (a TypeScript entry) bundled into `dist/main.js` as ESM. The importing package must
 * depend on the native addons itself: the bundle resolves them from its own node_modules.
 */
export function defineNodeEntry(input) {
  return defineConfig({
    input,
    platform: "node",
    external: (id) => external.some((name) => id === name || id.startsWith(`${name}/`)),
    output: {
      file: "dist/main.js",
      format: "esm",
      // Some bundled CommonJS code hands `require` itself to a helper (MikroORM's lazy imports):
      // without a module-scope `require` the bundle fails at start.
      banner:
        'import { createRequire as __createRequire } from "node:module";\nconst require = __createRequire(import.meta.url);',
    },
  });
}
